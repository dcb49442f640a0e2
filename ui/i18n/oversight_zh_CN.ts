<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="64"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DecisionsModel</name>
    <message>
        <location filename="../oversight/problems_model.py" line="176"/>
        <source>photo {photo}: no faces or plates</source>
        <translation>照片 {photo}：无人脸和车牌</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="172"/>
        <source>into {reference}</source>
        <translation>并入 {reference}</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="180"/>
        <source>{count} area(s) on photo {photo}</source>
        <translation>照片 {photo} 上 {count} 个区域</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="184"/>
        <source>{day}: {report} ({photos} photo(s))</source>
        <translation>{day}：{report}（照片 {photos} 张）</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="195"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="196"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="197"/>
        <source>Decision</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="199"/>
        <source>Detail</source>
        <translation>内容与原因</translation>
    </message>
</context>
<context>
    <name>DocumentForm</name>
    <message>
        <location filename="../oversight/documents_form.py" line="77"/>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="88"/>
        <source>Document</source>
        <translation>文书种类</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="89"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="90"/>
        <source>Unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="91"/>
        <source>To</source>
        <translation>主送</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="92"/>
        <source>Copy to</source>
        <translation>抄送</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="93"/>
        <source>Date of issue</source>
        <translation>成文日期</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="94"/>
        <source>Export as</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="233"/>
        <source>No unit has open problems in this period</source>
        <translation>本时段没有待整改问题的责任单位</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <location filename="../oversight/documents_page.py" line="324"/>
        <source>No installed font has {chars}: the document prints them as 〓. Install a font that has them (or put one in the folder INSPECTOR_FONT_DIRS names) before exporting.</source>
        <translation>本机没有任何字体含有 {chars}：文书中这些字将印为“〓”。请在导出前安装含有这些字的字体（或把字体放进 INSPECTOR_FONT_DIRS 指向的文件夹）。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_form.py" line="228"/>
        <location filename="../oversight/documents_page.py" line="50"/>
        <source>Gathering the period&apos;s problems…</source>
        <translation>正在汇总本时段的问题…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="51"/>
        <source>Laying out the document…</source>
        <translation>正在排版…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="52"/>
        <source>Sending pages to the printer…</source>
        <translation>正在发送到打印机…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="87"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="94"/>
        <source>Generate preview</source>
        <translation>生成预览</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="98"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="100"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="143"/>
        <source>Choose a document on the left and press Generate preview.</source>
        <translation>在左侧选择文书，然后点“生成预览”。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="151"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="152"/>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="202"/>
        <source>Open the exported workbook in Excel to print the list</source>
        <translation>问题清单请导出后用 Excel 打印</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="204"/>
        <source>Prints the numbered document (the number is reserved)</source>
        <translation>打印正式文书（占用文号）</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="213"/>
        <source>The form changed since this preview: press Generate preview again.</source>
        <translation>设置已更改，请重新生成预览。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="264"/>
        <source>Making the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="271"/>
        <source>{count} problem(s) in the list</source>
        <translation>清单共 {count} 个问题</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="272"/>
        <source>Problem list preview: export it as an Excel workbook.</source>
        <translation>问题清单预览：请导出为 Excel 工作簿。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="278"/>
        <source>{count} problem(s) are still pending review and are not in the list; confirm them first to include them.</source>
        <translation>还有 {count} 个问题待审核，未列入清单；审核确认后才会列入。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="291"/>
        <source>Preview: number {number}, kept from the earlier issue of this document.</source>
        <translation>预览：文号 {number}（沿用本文书此前已使用的文号）。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="293"/>
        <source>Preview: number {number} (not reserved yet; exporting or printing reserves it).</source>
        <translation>预览：文号 {number}（尚未占用，导出或打印时占用）。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="303"/>
        <source>{count} page(s) · {file}</source>
        <translation>共 {count} 页 · {file}</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="312"/>
        <source>{count} problem(s) of the period are not reviewed yet: they are left out of the circular, the exposure sheet, the notices and the problem list, and do not count in the rankings.</source>
        <translation>本期还有 {count} 个问题未审核，未列入通报、曝光台、整改通知书和问题清单，也不计入排名</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="338"/>
        <source>Export document</source>
        <translation>导出文书</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="356"/>
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="362"/>
        <source>Exported: {files}</source>
        <translation>已导出：{files}</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="364"/>
        <source>Number: {number}.</source>
        <translation>文号：{number}。</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="369"/>
        <location filename="../oversight/documents_page.py" line="416"/>
        <source>Issued: {number}</source>
        <translation>已发文：{number}</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="384"/>
        <source>Print document</source>
        <translation>打印文书</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="409"/>
        <source>Preparing the numbered document…</source>
        <translation>正在生成正式文书…</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="417"/>
        <source>Sent {pages} page(s) to the printer.</source>
        <translation>已将 {pages} 页发送到打印机。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../oversight/labels.py" line="15"/>
        <source>Problems</source>
        <translation>问题与整改</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="16"/>
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="17"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
</context>
<context>
    <name>MaskCanvas</name>
    <message>
        <location filename="../oversight/mask_canvas.py" line="197"/>
        <source>Face?</source>
        <translation>人脸？</translation>
    </message>
</context>
<context>
    <name>MaskDialog</name>
    <message>
        <location filename="../oversight/mask_dialog.py" line="93"/>
        <source>Drag over faces and licence plates; dashed boxes are suggested faces: click to keep, drag to move, right-click to remove. Plates are drawn by hand.</source>
        <translation>在人脸、车牌上拖出矩形即可遮挡；虚线框是提示的人脸：单击保留，拖动移动，右键删除。车牌请手动画出。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="98"/>
        <source>Keep all suggestions</source>
        <translation>保留全部提示</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="108"/>
        <source>No faces or licence plates in this photo (nothing to mask)</source>
        <translation>此照片无人脸和车牌（无需遮挡）</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="166"/>
        <source>{count} suggestion(s) to check</source>
        <translation>{count} 处人脸提示待确认</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="168"/>
        <source>✓ {count} area(s) masked</source>
        <translation>✓ 已遮挡 {count} 处</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="170"/>
        <source>✓ no faces or plates</source>
        <translation>✓ 无人脸和车牌</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="171"/>
        <source>not looked at yet</source>
        <translation>尚未审看</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="176"/>
        <source>Photo {number} of {total} · {hash} · {status}</source>
        <translation>照片 {number}/{total} · {hash} · {status}</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="202"/>
        <source>Looking for faces…</source>
        <translation>正在查找人脸…</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="221"/>
        <source>Face suggestions unavailable: look for faces yourself.</source>
        <translation>人脸提示不可用：请自行查看照片中有无人脸。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="223"/>
        <source>No face suggested: check the photo yourself; draw plates by hand.</source>
        <translation>未提示人脸：请自行查看照片；车牌请手动画出。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="225"/>
        <source>{count} suggested face area(s): click to keep, drag to move, right-click to remove.</source>
        <translation>提示人脸 {count} 处：单击保留，拖动移动，右键删除。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="231"/>
        <source>{count} suggested face area(s) arrived after &quot;no faces or plates&quot; was ticked: the tick was taken back; keep or remove each suggestion.</source>
        <translation>勾选“此照片无人脸和车牌”之后又提示了 {count} 处人脸：已取消勾选，请逐个保留或删除提示框。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="314"/>
        <source>Photo {numbers}: keep or remove the suggested faces and mask faces and plates, or tick that the photo shows none.</source>
        <translation>第 {numbers} 张照片尚未审看完：请保留或删除提示的人脸，遮挡人脸和车牌；照片中没有的，勾选“此照片无人脸和车牌”。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="70"/>
        <location filename="../oversight/mask_dialog.py" line="71"/>
        <source>Approve for exposure</source>
        <translation>同意曝光</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="70"/>
        <source>Mask areas</source>
        <translation>遮挡区域</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="71"/>
        <source>Save mask areas</source>
        <translation>保存遮挡区域</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="101"/>
        <source>Undo last</source>
        <translation>撤销上一个</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="104"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="128"/>
        <source>Preparing the published copy…</source>
        <translation>正在生成发布用照片…</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="135"/>
        <source>Published copy (blurred and watermarked as printed)</source>
        <translation>发布效果（按印发时的样子模糊并加水印）</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="144"/>
        <source>Why (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="146"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="259"/>
        <source>{count} area(s)</source>
        <translation>{count} 个区域</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="325"/>
        <source>{reference} approved for exposure ({count} mask area(s)).</source>
        <translation>{reference} 已同意曝光（{count} 个遮挡区域）。</translation>
    </message>
    <message>
        <location filename="../oversight/mask_dialog.py" line="331"/>
        <source>Mask areas saved for {count} photo(s) of {reference}.</source>
        <translation>已保存 {reference} 的 {count} 张照片的遮挡区域。</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="149"/>
        <source>Ref.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="150"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="151"/>
        <source>Found</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="152"/>
        <source>Inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="153"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="161"/>
        <source>Merge a duplicate</source>
        <translation>合并重复问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="161"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="169"/>
        <source>Why (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="172"/>
        <source>{reference} at {site} ({item}) is a duplicate of the problem chosen below; only that one counts.</source>
        <translation>{site}的问题 {reference}（{item}）与下面选中的问题重复，合并后只计选中的主问题。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="178"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Oversight</name>
    <message>
        <location filename="../oversight/labels.py" line="21"/>
        <location filename="../oversight/labels.py" line="30"/>
        <source>Pending review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="22"/>
        <source>To rectify</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="23"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="24"/>
        <source>Rectified, awaiting recheck</source>
        <translation>已整改待复查</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="25"/>
        <source>Closed after recheck</source>
        <translation>已复查销号</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="26"/>
        <location filename="../oversight/labels.py" line="32"/>
        <location filename="../oversight/labels.py" line="37"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="27"/>
        <location filename="../oversight/labels.py" line="33"/>
        <source>Merged</source>
        <translation>已合并</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="31"/>
        <location filename="../oversight/labels.py" line="36"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="38"/>
        <source>Merged as a duplicate</source>
        <translation>合并重复</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="39"/>
        <source>Review undone</source>
        <translation>撤销审核</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="40"/>
        <source>Approved for exposure</source>
        <translation>同意曝光</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="41"/>
        <source>Exposure withdrawn</source>
        <translation>撤销曝光</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="42"/>
        <source>Mask areas set</source>
        <translation>设置遮挡区域</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="43"/>
        <source>Responsible unit changed</source>
        <translation>调整责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="44"/>
        <source>Deadline changed</source>
        <translation>调整整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="45"/>
        <source>Rectification reported</source>
        <translation>报告已整改</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="48"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="49"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="50"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="53"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="54"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="55"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="56"/>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="59"/>
        <location filename="../oversight/labels.py" line="65"/>
        <source>Circular</source>
        <translation>督查情况通报</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="60"/>
        <location filename="../oversight/labels.py" line="66"/>
        <source>Exposure sheet</source>
        <translation>曝光台</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="61"/>
        <location filename="../oversight/labels.py" line="67"/>
        <source>Rectification notice</source>
        <translation>整改通知书</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="62"/>
        <source>Problem list (Excel)</source>
        <translation>问题清单（Excel）</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="68"/>
        <source>Problem list</source>
        <translation>问题清单</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="71"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="72"/>
        <source>Word (DOCX)</source>
        <translation>Word（DOCX）</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="73"/>
        <source>Web page (HTML)</source>
        <translation>网页（HTML）</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="74"/>
        <source>Excel (XLSX)</source>
        <translation>Excel（XLSX）</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="77"/>
        <source>Red list</source>
        <translation>红榜</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="78"/>
        <source>Black list</source>
        <translation>黑榜</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="103"/>
        <source>Week {week}, {year}</source>
        <translation>{year}年第{week}周</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="105"/>
        <source>{month}/{year}</source>
        <translation>{year}年{month}月</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="107"/>
        <source>Q{quarter} {year}</source>
        <translation>{year}年第{quarter}季度</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="111"/>
        <source>Year {year}</source>
        <translation>{year}年</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="112"/>
        <source>{start} to {end}</source>
        <translation>{start}至{end}</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="120"/>
        <source>W{week}</source>
        <translation>{week}周</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="122"/>
        <source>M{month}</source>
        <translation>{month}月</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="124"/>
        <source>Q{quarter}</source>
        <translation>{quarter}季度</translation>
    </message>
    <message>
        <location filename="../oversight/labels.py" line="145"/>
        <source>same</source>
        <translation>持平</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <location filename="../oversight/period_picker.py" line="34"/>
        <source>Kind of period</source>
        <translation>周期类型</translation>
    </message>
</context>
<context>
    <name>ProblemActions</name>
    <message>
        <location filename="../oversight/problem_actions.py" line="49"/>
        <location filename="../oversight/problem_actions.py" line="160"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="50"/>
        <source>Confirm the selected problems (Ctrl+Enter)</source>
        <translation>确认选中的问题（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="53"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="55"/>
        <source>Merge duplicate…</source>
        <translation>合并重复…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="57"/>
        <source>Approve for exposure…</source>
        <translation>同意曝光…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="59"/>
        <source>Unit or deadline…</source>
        <translation>调整单位或时限…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="61"/>
        <source>Record rectification…</source>
        <translation>登记整改…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="64"/>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="67"/>
        <source>Edit mask areas…</source>
        <translation>修改遮挡区域…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="69"/>
        <source>Withdraw exposure…</source>
        <translation>撤销曝光…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="71"/>
        <source>Undo review…</source>
        <translation>撤销审核…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="140"/>
        <location filename="../oversight/problem_actions.py" line="165"/>
        <source>Confirmed {count} problem(s).</source>
        <translation>已确认 {count} 个问题。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="148"/>
        <location filename="../oversight/problem_actions.py" line="156"/>
        <source>Confirming {done}/{total}…</source>
        <translation>正在确认 {done}/{total}…</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="177"/>
        <source>Reject a problem</source>
        <translation>驳回问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="177"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="182"/>
        <source>{reference} rejected.</source>
        <translation>{reference} 已驳回。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="194"/>
        <source>No other problem of this item at this site to merge {reference} into.</source>
        <translation>该点位没有同一条目的其他问题，{reference} 无可合并的主问题。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="204"/>
        <source>Choose the problem to merge into.</source>
        <translation>请选择要合并到的主问题。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="208"/>
        <source>{reference} merged into {primary}.</source>
        <translation>{reference} 已合并到 {primary}。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="229"/>
        <source>Withdraw exposure</source>
        <translation>撤销曝光</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="229"/>
        <source>Withdraw</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="233"/>
        <source>{reference} taken off the exposure sheet.</source>
        <translation>{reference} 已撤下曝光台。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="242"/>
        <source>Undo review</source>
        <translation>撤销审核</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="246"/>
        <source>{reference} is pending review again.</source>
        <translation>{reference} 已恢复为待审核。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="260"/>
        <source>Choose another unit or another deadline first.</source>
        <translation>请先选择新的责任单位或整改时限。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="265"/>
        <source>{reference}: unit or deadline changed.</source>
        <translation>{reference}：已调整责任单位或整改时限。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_actions.py" line="286"/>
        <source>{reference}: rectification recorded, awaiting recheck.</source>
        <translation>{reference}：已登记整改，待复查。</translation>
    </message>
</context>
<context>
    <name>ProblemDetail</name>
    <message>
        <location filename="../oversight/problem_detail.py" line="41"/>
        <location filename="../oversight/problem_detail.py" line="132"/>
        <source>Select a problem to see its finding, photos and history.</source>
        <translation>选择一个问题，查看检查结果、照片和处理记录。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="49"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="50"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="51"/>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="52"/>
        <source>Count, deduction</source>
        <translation>处数与扣分</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="53"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="54"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="55"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="56"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="57"/>
        <source>Found</source>
        <translation>发现</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="58"/>
        <source>Came from</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="59"/>
        <source>Recheck</source>
        <translation>复查</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="80"/>
        <source>No photos.</source>
        <translation>没有照片。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="89"/>
        <source>No photo of the fixed site.</source>
        <translation>没有整改后照片。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="93"/>
        <source>Photos</source>
        <translation>现场照片</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="207"/>
        <source>inspection {id} · version {rev} of the finding</source>
        <translation>检查 {id} · 检查结果第 {rev} 版</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="210"/>
        <source>Fingerprint (SHA-256) of this version: {hash}</source>
        <translation>本版本的内容指纹（SHA-256）：{hash}</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="91"/>
        <location filename="../oversight/problem_detail.py" line="96"/>
        <source>Rectification report</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="107"/>
        <source>Review and rectification history</source>
        <translation>审核与整改记录</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="151"/>
        <source>Reported fixed on {day}: {report}</source>
        <translation>{day} 报告已整改：{report}</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="156"/>
        <source>Not reported fixed yet.</source>
        <translation>尚未报告整改。</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="161"/>
        <source>{count} occurrence(s), {points} point(s)</source>
        <translation>{count} 处，扣 {points} 分</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="165"/>
        <source> (×{times}: unfixed at recheck of {reference})</source>
        <translation>（×{times}：复查 {reference} 时仍未整改）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="169"/>
        <source> (×{times}: repeat of {reference})</source>
        <translation>（×{times}：{reference} 重复出现）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="174"/>
        <source> (negative list: {unit})</source>
        <translation>（负面清单：{unit}）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="177"/>
        <source> (negative list: {day})</source>
        <translation>（负面清单：{day}）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="179"/>
        <source> · {days} day(s) overdue</source>
        <translation> · 逾期 {days} 天</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="182"/>
        <source> · reason: {reason}</source>
        <translation> · 原因：{reason}</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="184"/>
        <source> · duplicate of {reference}</source>
        <translation> · 与 {reference} 重复</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="186"/>
        <source>{name} ({code}) · {type}</source>
        <translation>{name}（{code}）· {type}</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="196"/>
        <source>{time} · {mode} · {inspector}</source>
        <translation>{time} · {mode} · {inspector}</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="213"/>
        <source>bundle no. {seq} from {device}</source>
        <translation>{device} 的第 {seq} 号数据包</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="218"/>
        <source>recorded in this workspace</source>
        <translation>本工作区录入</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="222"/>
        <source>Passed on {day}</source>
        <translation>{day} 复查合格</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="224"/>
        <source>Still unfixed on {day} ({count} recheck(s))</source>
        <translation>{day} 复查仍未整改（共复查 {count} 次）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="227"/>
        <source>Not rechecked yet</source>
        <translation>尚未复查</translation>
    </message>
    <message>
        <location filename="../oversight/problem_detail.py" line="233"/>
        <source>Approved for exposure · {count} mask area(s)</source>
        <translation>已同意曝光 · {count} 个遮挡区域</translation>
    </message>
</context>
<context>
    <name>ProblemFilterBar</name>
    <message>
        <location filename="../oversight/problems_filters.py" line="49"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="50"/>
        <source>Unresolved</source>
        <translation>未销号</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="53"/>
        <source>Approved for exposure</source>
        <translation>同意曝光</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="55"/>
        <source>Any deadline</source>
        <translation>全部时限</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="56"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="57"/>
        <source>Due within {days} days</source>
        <translation>{days} 天内到期</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="60"/>
        <source>Found any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="61"/>
        <source>Found this week</source>
        <translation>本周发现</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="62"/>
        <source>Found this month</source>
        <translation>本月发现</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="63"/>
        <source>Found last month</source>
        <translation>上月发现</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="64"/>
        <source>Found this quarter</source>
        <translation>本季度发现</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="65"/>
        <source>Found this year</source>
        <translation>今年发现</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="75"/>
        <source>Search ref., site, problem, unit (Ctrl+F)</source>
        <translation>搜索编号、点位、问题、单位（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="105"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../oversight/problems_filters.py" line="106"/>
        <source>All units</source>
        <translation>全部责任单位</translation>
    </message>
</context>
<context>
    <name>ProblemListModel</name>
    <message>
        <location filename="../oversight/documents_page.py" line="61"/>
        <source>Ref.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="62"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="63"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="64"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="65"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="66"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="67"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/documents_page.py" line="68"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ProblemTableModel</name>
    <message>
        <location filename="../oversight/problems_model.py" line="33"/>
        <source>Ref.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="34"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="35"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="36"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="37"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="38"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="39"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="40"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="42"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="46"/>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <location filename="../oversight/problems_model.py" line="47"/>
        <source>Found</source>
        <translation>发现日期</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <location filename="../oversight/problems_page.py" line="82"/>
        <location filename="../oversight/problems_page.py" line="100"/>
        <source>Problems and rectification</source>
        <translation>问题与整改</translation>
    </message>
    <message>
        <location filename="../oversight/problems_page.py" line="86"/>
        <source>Recheck list…</source>
        <translation>复查清单…</translation>
    </message>
    <message>
        <location filename="../oversight/problems_page.py" line="87"/>
        <source>Sites to recheck in the coming week, to record as a draw</source>
        <translation>未来一周需要复查的点位，可记录为复查抽签</translation>
    </message>
    <message>
        <location filename="../oversight/problems_page.py" line="191"/>
        <source>Loading problems…</source>
        <translation>正在读取问题…</translation>
    </message>
    <message>
        <location filename="../oversight/problems_page.py" line="227"/>
        <source>{count} problem(s), {overdue} overdue</source>
        <translation>共 {count} 个问题，逾期 {overdue} 个</translation>
    </message>
    <message>
        <location filename="../oversight/problems_page.py" line="316"/>
        <source>{count} problems selected.</source>
        <translation>已选中 {count} 个问题。</translation>
    </message>
</context>
<context>
    <name>RankingCharts</name>
    <message>
        <location filename="../oversight/rankings_charts.py" line="44"/>
        <source>Rectification rate (%)</source>
        <translation>整改率（%）</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_charts.py" line="45"/>
        <source>Average score</source>
        <translation>平均得分</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_charts.py" line="65"/>
        <source>{value} (from {low:g})</source>
        <translation>{value}（自 {low:g} 起）</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_charts.py" line="107"/>
        <source>{dimension}: {value}, {period}</source>
        <translation>{period}各{dimension}{value}</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_charts.py" line="118"/>
        <source>Others</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_charts.py" line="179"/>
        <source>Trend over the last {count} periods</source>
        <translation>近 {count} 期走势</translation>
    </message>
</context>
<context>
    <name>RankingTableModel</name>
    <message>
        <location filename="../oversight/rankings_model.py" line="25"/>
        <source>Previous rank {rank}, previous score {score}</source>
        <translation>上期名次 {rank}，上期得分 {score}</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="29"/>
        <source>, score change {change}</source>
        <translation>，得分变化 {change}</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="46"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="48"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="49"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="50"/>
        <source>Checks</source>
        <translation>检查次数</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="51"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="52"/>
        <source>Deductions</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="54"/>
        <source>Rectification rate</source>
        <translation>整改率</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="59"/>
        <source>Change</source>
        <translation>环比</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_model.py" line="63"/>
        <source>List</source>
        <translation>榜单</translation>
    </message>
</context>
<context>
    <name>RankingsPage</name>
    <message>
        <location filename="../oversight/rankings_page.py" line="60"/>
        <location filename="../oversight/rankings_page.py" line="104"/>
        <source>Rankings: red and black lists</source>
        <translation>排名（红黑榜）</translation>
    </message>
    <message>
        <location filename="../oversight/period_picker.py" line="35"/>
        <location filename="../oversight/rankings_page.py" line="76"/>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="79"/>
        <source>Rank by</source>
        <translation>排名维度</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="82"/>
        <source>Red list: top</source>
        <translation>红榜：前</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="84"/>
        <source>Black list: bottom</source>
        <translation>黑榜：后</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="190"/>
        <source>Ranking {period}…</source>
        <translation>正在计算{period}排名…</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="239"/>
        <source>by rectification rate</source>
        <translation>按整改率</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="239"/>
        <source>by average score</source>
        <translation>按平均得分</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="240"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../oversight/rankings_page.py" line="242"/>
        <source>{period}, ranked {basis}, compared with {previous}. Red list: {red}. Black list: {black}.</source>
        <translation>{period}{basis}排名，与{previous}比较。红榜：{red}。黑榜：{black}。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="95"/>
        <source>Wrong site: the photo shows another place</source>
        <translation>点位有误：照片拍摄的是其他地点</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="96"/>
        <source>The photo does not show the problem</source>
        <translation>照片不能反映该问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="97"/>
        <source>Not covered by this item of the negative list</source>
        <translation>不属于负面清单该条目</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="127"/>
        <source>Why (kept with the decision)</source>
        <translation>原因（随审核记录保存）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="127"/>
        <source>Why (optional)</source>
        <translation>原因（可不填）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="131"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="133"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ReassignDialog</name>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="190"/>
        <source>Change unit or deadline</source>
        <translation>调整责任单位或整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="190"/>
        <source>Change</source>
        <translation>调整</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="201"/>
        <source>Why (kept with the decision)</source>
        <translation>原因（随审核记录保存）</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="203"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="204"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="205"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="206"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>RecheckDialog</name>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="39"/>
        <source>Site code</source>
        <translation>点位编号</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="40"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="41"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="42"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="43"/>
        <source>Problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="44"/>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="46"/>
        <source>First deadline</source>
        <translation>最早时限</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="48"/>
        <source>Problems to verify</source>
        <translation>待复查问题</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="60"/>
        <source>Recheck list</source>
        <translation>复查清单</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="65"/>
        <source> days ahead</source>
        <translation> 天内</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="69"/>
        <source>Problems not closed whose deadline is past or within</source>
        <translation>未销号且整改时限已过或将在以下天数内到期：</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="79"/>
        <source>Record as recheck draw</source>
        <translation>记录为复查抽签</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="81"/>
        <source>Every listed site becomes a recorded draw; issue its task pack on the Draws page</source>
        <translation>把清单中的点位全部记录为一次抽签，再到“抽签与任务包”页签发任务包</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="85"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="103"/>
        <source>{sites} site(s), {problems} problem(s), {overdue} overdue</source>
        <translation>{sites} 个点位，{problems} 个问题，逾期 {overdue} 个</translation>
    </message>
    <message>
        <location filename="../oversight/rechecks_dialog.py" line="121"/>
        <source>Recorded recheck draw {id}: {count} site(s), seed {seed}. Issue its task pack on the Draws page.</source>
        <translation>已记录复查抽签 {id}：{count} 个点位，种子 {seed}。请到“抽签与任务包”页签发任务包。</translation>
    </message>
</context>
<context>
    <name>RectifyDialog</name>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="224"/>
        <source>Record rectification</source>
        <translation>登记整改</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="224"/>
        <source>Record</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="226"/>
        <source>What the unit reports it did</source>
        <translation>责任单位报告的整改情况</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="234"/>
        <source>Photo of the fixed site</source>
        <translation>整改后照片</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="234"/>
        <source>Photos (*.jpg *.jpeg *.png *.heic)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.heic)</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="236"/>
        <source>Optional: a photo of the fixed site</source>
        <translation>可选：整改后的现场照片</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="237"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="238"/>
        <source>Report</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="239"/>
        <source>Rectified on</source>
        <translation>整改日期</translation>
    </message>
    <message>
        <location filename="../oversight/problem_dialogs.py" line="240"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
</context>
</TS>
