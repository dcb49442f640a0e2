<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionBar</name>
    <message>
        <location filename="../runner/panels.py" line="176"/>
        <source>1  Pass</source>
        <translation>1  合格</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="177"/>
        <source>2  Fail</source>
        <translation>2  不合格</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="178"/>
        <source>3  N/A</source>
        <translation>3  不适用</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="179"/>
        <source>+  Count</source>
        <translation>+  处数</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="180"/>
        <source>−  Count</source>
        <translation>−  处数</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="181"/>
        <source>N  Note</source>
        <translation>N  备注</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="182"/>
        <source>P  Photos</source>
        <translation>P  照片</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="194"/>
        <source>Back to tasks</source>
        <translation>返回任务列表</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="195"/>
        <source>Finish inspection  Ctrl+Enter</source>
        <translation>完成检查  Ctrl+Enter</translation>
    </message>
</context>
<context>
    <name>CategoryModel</name>
    <message>
        <location filename="../runner/checklist_model.py" line="197"/>
        <source>{name}: {answered} of {total} answered, {failures} failed</source>
        <translation>{name}：已答 {answered}/{total}，不合格 {failures} 项</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../runner/checklist_model.py" line="91"/>
        <source>⚠ needed</source>
        <translation>⚠ 缺照片</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="97"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="98"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="99"/>
        <source>Severity</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="100"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="101"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="102"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../runner/checklist_model.py" line="103"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>ChecklistRunner</name>
    <message>
        <location filename="../runner/runner.py" line="270"/>
        <source>Every item is answered. Press Ctrl+Enter to finish the inspection.</source>
        <translation>所有条目均已作答。按 Ctrl+Enter 完成检查。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="307"/>
        <source>The count applies to failed items only.</source>
        <translation>处数只适用于不合格条目。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="317"/>
        <source>Answer the item first (1, 2 or 3), then add a note.</source>
        <translation>请先作答（1、2 或 3），再填写备注。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="389"/>
        <source>{count} item(s) unanswered: No. {numbers}</source>
        <translation>{count} 个条目未作答：第 {numbers} 项</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="395"/>
        <source>{count} failed item(s) need a photo: No. {numbers}</source>
        <translation>{count} 个不合格条目缺少照片：第 {numbers} 项</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="371"/>
        <source>Photos are still being imported; please wait.</source>
        <translation>照片仍在导入，请稍候。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="383"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="386"/>
        <source>The inspection cannot be finished yet.</source>
        <translation>暂时不能完成检查。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="118"/>
        <source>The note being typed on item {number} was kept; it is saved when you move on.</source>
        <translation>第 {number} 项正在输入的备注已恢复；移到别的条目时即保存。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="90"/>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="255"/>
        <source>Item {number} changed from {before} to {after}. Ctrl+Z undoes it.</source>
        <translation>第 {number} 项已由 {before} 改为 {after}；按 Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="264"/>
        <source>Item {number} failed and needs a photo: go back to it and press P, or drop photos onto its row.</source>
        <translation>第 {number} 项不合格，需要照片证据：回到该行按 P，或把照片拖到该行。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="282"/>
        <source>Nothing to undo: no answer was changed since the inspection was opened.</source>
        <translation>没有可撤销的改动：打开这次检查以来没有修改过已作答的条目。</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="295"/>
        <source>Undone: item {number} back to {answer}</source>
        <translation>已撤销：第 {number} 项 改回 {answer}</translation>
    </message>
    <message>
        <location filename="../runner/runner.py" line="299"/>
        <source>, note restored</source>
        <translation>，备注已恢复</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <location filename="../runner/detail.py" line="57"/>
        <source>Note (N)</source>
        <translation>备注（N）</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="62"/>
        <source>Photos (P, or drop files)</source>
        <translation>照片（P，或拖入文件）</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="64"/>
        <source>No photos. Press P or drop photo files here.</source>
        <translation>暂无照片。按 P 选择，或把照片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="104"/>
        <source>No. {number} · {code} · {category}</source>
        <translation>第 {number} 项 · {code} · {category}</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="107"/>
        <source>Rectify within {days}</source>
        <translation>{days}内整改</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="114"/>
        <source>Responsible unit: {unit}</source>
        <translation>责任单位：{unit}</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="109"/>
        <source>a failure needs photo evidence</source>
        <translation>不合格须拍照取证</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="111"/>
        <source>Severity: {severity} · Deduction: {points} per occurrence</source>
        <translation>严重程度：{severity} · 扣分：每处 {points} 分</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="118"/>
        <source>Result: {result}</source>
        <translation>结果：{result}</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="120"/>
        <source>Count: {count}</source>
        <translation>处数：{count}</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="123"/>
        <source>⚠ Photo missing: press P or drop photos here.</source>
        <translation>⚠ 缺少照片：按 P 选择，或把照片拖到这里。</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="130"/>
        <source>Type a note, then Enter</source>
        <translation>输入备注后按 Enter</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="130"/>
        <source>Answer the item first (1, 2 or 3)</source>
        <translation>请先作答（1、2 或 3）</translation>
    </message>
    <message>
        <location filename="../runner/detail.py" line="138"/>
        <source>Photo preview</source>
        <translation>照片预览</translation>
    </message>
</context>
<context>
    <name>DrawPage</name>
    <message>
        <location filename="../runner/spot_check.py" line="187"/>
        <source>Drawn sites</source>
        <translation>抽中的点位</translation>
    </message>
</context>
<context>
    <name>FinishedBanner</name>
    <message>
        <location filename="../runner/finished_banner.py" line="27"/>
        <source>Inspection finished</source>
        <translation>检查已完成</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="43"/>
        <source>View the record</source>
        <translation>查看记录</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="50"/>
        <location filename="../runner/finished_banner.py" line="51"/>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="80"/>
        <source>Inspection finished: {site} · score {score} · {problems} problem(s)</source>
        <translation>检查已完成：{site} · 得分 {score} · 问题 {problems} 处</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="85"/>
        <source>No. {number} {problem} ({count}) · Responsible unit: {unit} · Rectify by {deadline}</source>
        <translation>第 {number} 项 {problem}（{count} 处）· 责任单位：{unit} · 整改期限：{deadline}</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="95"/>
        <source>…and {count} more in the record.</source>
        <translation>……另有 {count} 个问题，见检查记录。</translation>
    </message>
    <message>
        <location filename="../runner/finished_banner.py" line="97"/>
        <source>No problems found: every item passed or does not apply.</source>
        <translation>未发现问题：所有条目均合格或不适用。</translation>
    </message>
</context>
<context>
    <name>FirstSteps</name>
    <message>
        <location filename="../runner/empty_state.py" line="31"/>
        <source>No sites on this laptop yet</source>
        <translation>本机还没有点位</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="35"/>
        <source>Before the first inspection: register this laptop with the office (export the registration file, then import the trust file the office gives back). Then import the task pack the office sends, which brings the sites to inspect, or import the office&apos;s site register for spot checks.</source>
        <translation>第一次检查之前：先登记本机（导出登记文件交给督查办，再导入督查办返回的信任文件）；然后导入督查办下发的任务包（含要检查的点位），或导入督查办的点位台账用于抽查。</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="45"/>
        <source>Register this laptop…</source>
        <translation>登记本机…</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="47"/>
        <source>Import task pack…</source>
        <translation>导入任务包…</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="49"/>
        <source>Import site register…</source>
        <translation>导入点位…</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="77"/>
        <source>Registered: this laptop trusts the office key of “{office}”.</source>
        <translation>已登记：本机信任“{office}”的督查办密钥。</translation>
    </message>
    <message>
        <location filename="../runner/empty_state.py" line="82"/>
        <source>Not registered with the office yet.</source>
        <translation>本机尚未在督查办登记。</translation>
    </message>
</context>
<context>
    <name>ImportBar</name>
    <message>
        <location filename="../runner/panels.py" line="136"/>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="150"/>
        <source>Importing {total} photo(s)…</source>
        <translation>正在导入 {total} 张照片…</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="160"/>
        <source>Importing {done}/{total}: {name}</source>
        <translation>正在导入 {done}/{total}：{name}</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="166"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <location filename="../runner/runner.py" line="91"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <location filename="../runner/panels.py" line="95"/>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>NewSiteForm</name>
    <message>
        <location filename="../runner/new_site.py" line="25"/>
        <source>Add this site</source>
        <translation>添加此点位</translation>
    </message>
    <message>
        <location filename="../runner/new_site.py" line="53"/>
        <source>Added “{name}” ({code}) to the register.</source>
        <translation>已将“{name}”（{code}）加入点位库。</translation>
    </message>
</context>
<context>
    <name>OpenInspectionsModel</name>
    <message>
        <location filename="../runner/tasks_page.py" line="83"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="84"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="85"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="86"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="88"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="91"/>
        <source>Answered</source>
        <translation>已答</translation>
    </message>
</context>
<context>
    <name>PackTasksModel</name>
    <message>
        <location filename="../runner/pack_tasks.py" line="22"/>
        <source>To do</source>
        <translation>待检查</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="23"/>
        <source>In progress</source>
        <translation>检查中</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="24"/>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="25"/>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="47"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="48"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="49"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="50"/>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="51"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="52"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../runner/pack_tasks.py" line="36"/>
        <source>{site} ({code})</source>
        <translation>{site}（{code}）</translation>
    </message>
</context>
<context>
    <name>PhotoImport</name>
    <message>
        <location filename="../runner/photo_import.py" line="40"/>
        <source>“{name}” could not be imported ({error}). Please copy it again and retry.</source>
        <translation>“{name}”无法导入（{error}），请重新拷贝后再试。</translation>
    </message>
    <message>
        <location filename="../runner/photo_import.py" line="82"/>
        <source>The photos could not be imported ({error}).</source>
        <translation>照片无法导入（{error}）。</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../runner/summary.py" line="34"/>
        <source>{date} ({days})</source>
        <translation>{date}（{days}）</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="45"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="47"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="49"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="50"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="51"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="52"/>
        <source>Rectification deadline</source>
        <translation>整改时限</translation>
    </message>
</context>
<context>
    <name>RunnerHeader</name>
    <message>
        <location filename="../runner/panels.py" line="57"/>
        <source>{district} · {site} · {site_type}</source>
        <translation>{district} · {site} · {site_type}</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="65"/>
        <source>Started {time} · Place: {place} · Responsible unit: {unit}</source>
        <translation>开始 {time} · 地点：{place} · 责任单位：{unit}</translation>
    </message>
    <message>
        <location filename="../runner/panels.py" line="74"/>
        <source>Answered {answered}/{total} · Deduction {deduction} · Score {score}</source>
        <translation>已答 {answered}/{total} · 扣 {deduction} · 得分 {score}</translation>
    </message>
</context>
<context>
    <name>RunnerLabels</name>
    <message>
        <location filename="../runner/labels.py" line="11"/>
        <source>Pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="12"/>
        <source>Fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="13"/>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="17"/>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="18"/>
        <source>Major</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="19"/>
        <source>Severe</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="22"/>
        <source>Announced</source>
        <translation>明察</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="23"/>
        <source>Unannounced</source>
        <translation>暗访</translation>
    </message>
    <message>
        <location filename="../runner/labels.py" line="61"/>
        <source>{outcome} ({count} place(s))</source>
        <translation>{outcome}（{count}处）</translation>
    </message>
</context>
<context>
    <name>RunnerPhotos</name>
    <message>
        <location filename="../runner/runner_photos.py" line="45"/>
        <source>Answer item {number} first (1, 2 or 3), then add its photos.</source>
        <translation>请先对第 {number} 项作答（1、2 或 3），再添加照片。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="52"/>
        <source>Photos are still being imported; please wait.</source>
        <translation>照片仍在导入，请稍候。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="61"/>
        <source>Photos ({patterns})</source>
        <translation>照片（{patterns}）</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="62"/>
        <source>Choose photos</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="85"/>
        <source>Photo import cancelled; no photos were added.</source>
        <translation>已取消导入照片，未添加任何照片。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="100"/>
        <source>{count} photo(s) added to item {number}.</source>
        <translation>已为第 {number} 项添加 {count} 张照片。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="102"/>
        <source>These photos are already attached to item {number}.</source>
        <translation>这些照片已添加在第 {number} 项。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="104"/>
        <source>No photo was added to item {number}.</source>
        <translation>第 {number} 项未添加照片。</translation>
    </message>
    <message>
        <location filename="../runner/runner_photos.py" line="106"/>
        <source>These files were not added:</source>
        <translation>以下文件未添加：</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <location filename="../runner/site_model.py" line="26"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../runner/site_model.py" line="27"/>
        <source>Code</source>
        <translation>点位编号</translation>
    </message>
    <message>
        <location filename="../runner/site_model.py" line="29"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../runner/site_model.py" line="31"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../runner/site_model.py" line="32"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../runner/site_model.py" line="33"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <location filename="../runner/spot_check.py" line="155"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
</context>
<context>
    <name>SpotCheckDialog</name>
    <message>
        <location filename="../runner/spot_check.py" line="64"/>
        <source>New spot check</source>
        <translation>新建抽查</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="69"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="74"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="80"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="81"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="82"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="88"/>
        <source>Pick from the register</source>
        <translation>从点位库选择</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="89"/>
        <source>Random draw</source>
        <translation>随机抽取</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="91"/>
        <source>Add a new site</source>
        <translation>新增点位</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="102"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="106"/>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="114"/>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="116"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="148"/>
        <source>Search by name, address, code or street</source>
        <translation>按名称、地址、编号或街道搜索</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="170"/>
        <source>Optional: leave empty for a random seed</source>
        <translation>可选：留空则随机生成种子</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="173"/>
        <source>Draw</source>
        <translation>抽取</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="178"/>
        <source>The seed used appears here after the draw</source>
        <translation>抽取后在此显示所用种子</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="180"/>
        <source>The filters above limit the candidates. Anyone can re-run a draw from its seed.</source>
        <translation>上方的筛选条件限定候选范围。任何人都可以用种子复核抽签结果。</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="190"/>
        <source>Number of sites</source>
        <translation>抽取数量</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="192"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="196"/>
        <source>Seed used</source>
        <translation>所用种子</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="218"/>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="231"/>
        <source>{count} site(s)</source>
        <translation>共 {count} 个点位</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="253"/>
        <source>Drawn {count} of {candidates} candidate site(s) with {algorithm}.</source>
        <translation>已用 {algorithm} 算法从 {candidates} 个候选点位中抽取 {count} 个。</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="276"/>
        <source>No site chosen</source>
        <translation>尚未选择点位</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="280"/>
        <source>Site: {name} ({code}) · {district}</source>
        <translation>点位：{name}（{code}）· {district}</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="292"/>
        <source>Choose a site first.</source>
        <translation>请先选择点位。</translation>
    </message>
    <message>
        <location filename="../runner/spot_check.py" line="296"/>
        <source>This workspace has no inspector profile; set it in Settings first.</source>
        <translation>本工作区没有督查员信息，请先在“设置”中填写。</translation>
    </message>
</context>
<context>
    <name>SummaryDialog</name>
    <message>
        <location filename="../runner/summary.py" line="80"/>
        <source>Finish the inspection</source>
        <translation>完成检查</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="84"/>
        <source>{site} · {site_type} · {mode} · started {time}</source>
        <translation>{site} · {site_type} · {mode} · 开始于 {time}</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="95"/>
        <source>{problems} problem(s) · Deduction {deduction} · Score {score} · {answered}/{total} answered</source>
        <translation>问题 {problems} 处 · 扣 {deduction} 分 · 得分 {score} · 已答 {answered}/{total}</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="119"/>
        <source>No problems found: every item passed or does not apply.</source>
        <translation>未发现问题：所有条目均合格或不适用。</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="124"/>
        <source>Finishing fixes the score. A later change needs a reason and is kept as a new revision.</source>
        <translation>完成后得分即确定。之后的修改须填写原因，并作为新的修订保存。</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="128"/>
        <source>Confirm and finish</source>
        <translation>确认完成</translation>
    </message>
    <message>
        <location filename="../runner/summary.py" line="129"/>
        <source>Back to the checklist</source>
        <translation>返回检查清单</translation>
    </message>
</context>
<context>
    <name>TaskList</name>
    <message>
        <location filename="../runner/tasks_page.py" line="121"/>
        <location filename="../runner/tasks_page.py" line="137"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="123"/>
        <source>New spot check  (Ctrl+N)</source>
        <translation>新建抽查  (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="133"/>
        <source>Tasks from the office&apos;s task packs. Enter or double-click starts a task.</source>
        <translation>办公室任务包下发的任务。按回车或双击开始检查。</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="138"/>
        <source>Inspections in progress</source>
        <translation>进行中的检查</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="140"/>
        <source>Enter or double-click resumes an inspection where it was left.</source>
        <translation>按 Enter 或双击，从上次停下的地方继续检查。</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="145"/>
        <source>No inspection in progress. Press Ctrl+N to start a spot check.</source>
        <translation>没有进行中的检查。按 Ctrl+N 新建抽查。</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="170"/>
        <source>Discard inspection…</source>
        <translation>放弃本次检查…</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="172"/>
        <source>Void inspection…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location filename="../runner/tasks_page.py" line="186"/>
        <source>Tasks from the office: {open} to do of {count}</source>
        <translation>办公室下发的任务：共 {count} 项，待完成 {open} 项</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <location filename="../runner/tasks_page.py" line="332"/>
        <source>This task is done. Its inspection is in the inspection history.</source>
        <translation>这项任务已完成，检查记录可在“检查记录”页查看。</translation>
    </message>
</context>
</TS>
