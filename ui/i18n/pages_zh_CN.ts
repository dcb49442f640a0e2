<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddSiteDialog</name>
    <message>
        <location filename="../pages/site_dialog.py" line="22"/>
        <source>Add a site</source>
        <translation>新增点位</translation>
    </message>
    <message>
        <location filename="../pages/site_dialog.py" line="30"/>
        <source>Add site</source>
        <translation>添加点位</translation>
    </message>
    <message>
        <location filename="../pages/site_dialog.py" line="31"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>BackupsBox</name>
    <message>
        <location filename="../pages/backups_box.py" line="60"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="68"/>
        <source>The database is backed up at the first opening of each day and before merges, negative-list imports and upgrades; 7 daily and 4 weekly backups are kept. Photos are not copied: the evidence folder only ever grows. When the workspace is damaged, the app offers to restore a backup.</source>
        <translation>每天第一次打开时、合并数据包、导入负面清单和升级数据结构之前，都会备份数据库；保留最近 7 天和再往前 4 周的备份。照片不在备份中：证据文件夹只增不改。工作区损坏时，软件会提示恢复备份。</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="76"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="78"/>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="101"/>
        <source>No backups yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="106"/>
        <source>Backing up and verifying…</source>
        <translation>正在备份并校验…</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="115"/>
        <source>Backed up and verified: {name}</source>
        <translation>已备份并校验：{name}</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="120"/>
        <source>The backup failed: {error}</source>
        <translation>备份失败：{error}</translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <location filename="../pages/backups_box.py" line="16"/>
        <source>Daily (automatic)</source>
        <translation>每日自动</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="17"/>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="18"/>
        <source>Before merging bundles</source>
        <translation>合并数据包前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="19"/>
        <source>Before a negative-list import</source>
        <translation>导入负面清单前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="20"/>
        <source>Before a schema upgrade</source>
        <translation>升级数据结构前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="38"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="39"/>
        <source>Why</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="40"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="41"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../pages/catalog_page.py" line="130"/>
        <location filename="../pages/catalog_page.py" line="164"/>
        <source>Negative list</source>
        <translation>负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="134"/>
        <source>Import list…</source>
        <translation>导入负面清单…</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="135"/>
        <source>Import a negative list from YAML, Excel (.xlsx) or CSV</source>
        <translation>从 YAML、Excel（.xlsx）或 CSV 文件导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="145"/>
        <source>Search code, problem or responsible unit</source>
        <translation>搜索编号、问题描述或责任单位</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="171"/>
        <source>Versions (select one to browse it)</source>
        <translation>历史版本（选中一个版本即可浏览）</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="217"/>
        <source>{name} · version {version} · {items} items · {categories} categories · {types} site types</source>
        <translation>{name} · 版本 {version} · {items} 个条目 · {categories} 个类别 · {types} 种点位类型</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="226"/>
        <source>not the current version</source>
        <translation>不是当前版本</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="230"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="231"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="232"/>
        <source>, </source>
        <comment>between site type names</comment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="249"/>
        <source>{shown} of {total} items</source>
        <translation>显示 {shown} / {total} 个条目</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="257"/>
        <source>Import negative list</source>
        <translation>导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="257"/>
        <source>Negative lists (*.yaml *.yml *.xlsx *.csv)</source>
        <translation>负面清单文件 (*.yaml *.yml *.xlsx *.csv)</translation>
    </message>
</context>
<context>
    <name>DiscardQuestion</name>
    <message>
        <location filename="../pages/void_dialog.py" line="106"/>
        <source>Discard inspection</source>
        <translation>放弃本次检查</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="108"/>
        <source>Discard the inspection of {title}? It has no answers yet; it is deleted and cannot be recovered.</source>
        <translation>放弃“{title}”的检查？它还没有任何作答，记录将被删除，不能恢复。</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="117"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
</context>
<context>
    <name>FindingEditDialog</name>
    <message>
        <location filename="../pages/finding_edit.py" line="41"/>
        <source>Change result</source>
        <translation>修改检查结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="48"/>
        <source>Current answer (revision {rev}): {outcome}</source>
        <translation>当前结果（第 {rev} 版）：{outcome}</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="70"/>
        <source>Why is the result of this finished inspection changed? (required)</source>
        <translation>为什么修改这次已完成检查的结果？（必填）</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="72"/>
        <source>Reason for the change (optional)</source>
        <translation>修改原因（选填）</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="79"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="80"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="81"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="82"/>
        <source>Reason for change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="85"/>
        <source>Save as new revision</source>
        <translation>保存为新修订</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="86"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="135"/>
        <source>Nothing was changed, so no new revision was written.</source>
        <translation>结果没有变化，未生成新的修订版本。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../pages/finding_models.py" line="30"/>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="32"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="36"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="37"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="39"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="42"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="46"/>
        <source>Rev.</source>
        <translation>修订</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="48"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="50"/>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="52"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>FontsModel</name>
    <message>
        <location filename="../pages/settings_page.py" line="34"/>
        <source>FangSong</source>
        <translation>仿宋</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="35"/>
        <source>Song</source>
        <translation>宋体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="36"/>
        <source>Hei</source>
        <translation>黑体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="37"/>
        <source>Kai</source>
        <translation>楷体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="38"/>
        <source>Title (Xiaobiaosong)</source>
        <translation>标题（小标宋）</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="55"/>
        <source>None found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="57"/>
        <source>Exact</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="58"/>
        <source>Fallback</source>
        <translation>相近字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="66"/>
        <source>Role</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="67"/>
        <source>Font</source>
        <translation>字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="68"/>
        <source>Match</source>
        <translation>匹配情况</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="70"/>
        <source>File</source>
        <translation>字体文件</translation>
    </message>
</context>
<context>
    <name>HistoryFilterBar</name>
    <message>
        <location filename="../pages/history_filters.py" line="44"/>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="45"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="46"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="47"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="48"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="49"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="50"/>
        <source>Date range…</source>
        <translation>指定日期…</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="66"/>
        <source>All modes</source>
        <translation>明察和暗访</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="67"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="69"/>
        <source>Search site, address or inspector (Ctrl+F)</source>
        <translation>搜索点位、地址或督查员（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="73"/>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="74"/>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="101"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="111"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="113"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../pages/history_filters.py" line="72"/>
        <location filename="../pages/history_model.py" line="41"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="42"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="43"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="44"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="45"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="46"/>
        <source>Inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="47"/>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="48"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="49"/>
        <source>Answered</source>
        <translation>已答</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="50"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="51"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="52"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../pages/history_page.py" line="28"/>
        <location filename="../pages/history_page.py" line="38"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../pages/history_page.py" line="131"/>
        <source>{count} inspection(s)</source>
        <translation>{count} 条检查记录</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../pages/import_dialog.py" line="166"/>
        <source>Import site register</source>
        <translation>导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="166"/>
        <source>Import negative list</source>
        <translation>导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="173"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="196"/>
        <source>Accept new categories</source>
        <translation>接受新类别</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="198"/>
        <source>Add the new categories and site types with the codes shown, as part of the imported list</source>
        <translation>按所列编码新增这些类别和点位类型，作为导入的清单的一部分</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="200"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="204"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="274"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="285"/>
        <source>Writing “{file}” to the workspace…</source>
        <translation>正在将“{file}”写入工作区…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="287"/>
        <source>Reading and checking “{file}”…</source>
        <translation>正在读取并校验“{file}”…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="329"/>
        <source>{file}: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>{file}：新增 {added} 个，更新 {updated} 个，未变 {unchanged} 个。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="336"/>
        <source>“{name}” ({file}, {items} items, version {version}) is now the current list.</source>
        <translation>“{name}”（{file}，{items} 个条目，版本 {version}）已设为当前负面清单。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="339"/>
        <source>“{name}” ({file}, {items} items, version {version}) was imported before and is current again.</source>
        <translation>“{name}”（{file}，{items} 个条目，版本 {version}）此前已导入，现重新设为当前负面清单。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="332"/>
        <source>Site register imported</source>
        <translation>点位表已导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="342"/>
        <source>Added with the list:</source>
        <translation>随清单新增：</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="343"/>
        <source>Negative list imported</source>
        <translation>负面清单已导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="235"/>
        <location filename="../pages/import_dialog.py" line="348"/>
        <source>Nothing was imported</source>
        <translation>未导入任何数据</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="352"/>
        <source>“{file}” names {count} categories or site types that the workspace&apos;s negative list does not have. Nothing has been imported yet. They are listed below with the codes they would get: tick “Accept new categories” and import to add them, or correct the file.</source>
        <translation>“{file}”用到工作区负面清单中没有的 {count} 个类别或点位类型，尚未导入任何数据。下面列出它们将获得的编码：勾选“接受新类别”并导入即可新增，或者修改文件。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="356"/>
        <source>New categories to confirm</source>
        <translation>需要确认新类别</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="359"/>
        <source>{count} problem(s) found in “{file}”. Nothing was imported: correct the file and import it again.</source>
        <translation>“{file}”中发现 {count} 处问题，未导入任何数据。请修改文件后重新导入。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="364"/>
        <source>The file also names categories or site types the workspace does not have; once the problems are corrected, they will be proposed as new:</source>
        <translation>文件还用到工作区没有的类别或点位类型；改正上述问题后导入时，将提议新增：</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="378"/>
        <source>Import cancelled</source>
        <translation>已取消导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="378"/>
        <source>The import was cancelled. Nothing was imported.</source>
        <translation>导入已取消，未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>InspectionDetailPane</name>
    <message>
        <location filename="../pages/history_detail.py" line="72"/>
        <source>No photos.</source>
        <translation>没有照片。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="77"/>
        <source>Change result…</source>
        <translation>修改结果…</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="79"/>
        <source>Change the selected finding (Ctrl+E); a new revision is written</source>
        <translation>修改选中的检查结果（Ctrl+E），将生成新的修订版本</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="82"/>
        <source>Void inspection…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="85"/>
        <source>Void this inspection with a reason: it is kept and exported as voided, and counts nowhere</source>
        <translation>填写原因后作废这次检查：记录保留，导出时标为已作废，不再计入任何统计</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="96"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="97"/>
        <source>Revisions</source>
        <translation>修订记录</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="98"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="140"/>
        <source>Select an inspection above to see its findings, photos and revisions.</source>
        <translation>在上方选择一条检查记录，查看检查结果、照片和修订记录。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="182"/>
        <source>{site} ({code}) · {district} {street} · {site_type}</source>
        <translation>{site}（{code}）· {district} {street} · {site_type}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="192"/>
        <source>Inspector: {name}</source>
        <translation>督查员：{name}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="193"/>
        <source>Started {start}</source>
        <translation>开始 {start}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="195"/>
        <source>Answered {answered}/{total}</source>
        <translation>已答 {answered}/{total}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="198"/>
        <source>Finished {end}</source>
        <translation>完成 {end}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="200"/>
        <source>{problems} problem(s) · deduction {deduction} · score {score}</source>
        <translation>问题 {problems} 处 · 扣 {deduction} 分 · 得分 {score}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="206"/>
        <source>Address: {address}</source>
        <translation>地址：{address}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="212"/>
        <source>Voided {time}. Reason: {reason}</source>
        <translation>已于 {time} 作废。原因：{reason}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="219"/>
        <source>{count} finding(s), {fails} failed</source>
        <translation>共 {count} 条结果，{fails} 条不合格</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="230"/>
        <source>Recorded in this office workspace, not received in a bundle.</source>
        <translation>在本办公室工作区录入，不是由数据包导入的。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="233"/>
        <source>{device} (inspector {inspector}, device {device_id}): bundle no. {seq} ({bundle}), imported {time}</source>
        <translation>{device}（督查员 {inspector}，设备 {device_id}）：第 {seq} 号数据包（{bundle}），{time} 导入</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="244"/>
        <source>Came from: {sources}</source>
        <translation>来源：{sources}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="247"/>
        <source>Check the times: {detail}</source>
        <translation>请核实时间：{detail}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="274"/>
        <source>Select a finding to see its revisions.</source>
        <translation>选择一条检查结果以查看其修订记录。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="276"/>
        <source>All photos of this inspection: {count}</source>
        <translation>本次检查的全部照片：{count} 张</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="281"/>
        <source>Revisions of {item}</source>
        <translation>{item} 的修订记录</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="283"/>
        <source>Photos of {item}: {count}</source>
        <translation>{item} 的照片：{count} 张</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="283"/>
        <source>All photos: {count}</source>
        <translation>全部照片：{count} 张</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <location filename="../pages/catalog_page.py" line="48"/>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="56"/>
        <source>Code</source>
        <translation>条目编号</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="57"/>
        <location filename="../pages/catalog_page.py" line="142"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="58"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="60"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="65"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="71"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="77"/>
        <source>Photo</source>
        <translation>需拍照</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="79"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="81"/>
        <location filename="../pages/catalog_page.py" line="143"/>
        <source>Site types</source>
        <translation>适用点位类型</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../pages/labels.py" line="13"/>
        <source>Announced</source>
        <translation>明察</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="14"/>
        <source>Unannounced</source>
        <translation>暗访</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="17"/>
        <source>In progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="18"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="19"/>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="22"/>
        <source>Pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="23"/>
        <source>Fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="24"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="27"/>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="28"/>
        <source>Major</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="29"/>
        <source>Severe</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="32"/>
        <source>Field laptop</source>
        <translation>外勤笔记本</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="33"/>
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="36"/>
        <source>Register</source>
        <translation>点位表</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="37"/>
        <source>Added in the field</source>
        <translation>现场新增</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="39"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="39"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>NewDefinitionsModel</name>
    <message>
        <location filename="../pages/import_dialog.py" line="145"/>
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="146"/>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="147"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="148"/>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="149"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>ProblemText</name>
    <message>
        <location filename="../pages/problem_text.py" line="19"/>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="20"/>
        <source>site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="22"/>
        <source> (accepted: {accepted})</source>
        <translation>（可填：{accepted}）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="23"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="24"/>
        <source>{letter} ({header})</source>
        <translation>{letter}列（{header}）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="27"/>
        <source>Unsupported file type “{suffix}”: use an Excel (.xlsx) or CSV file</source>
        <translation>不支持的文件类型“{suffix}”，请使用 Excel（.xlsx）或 CSV 文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="30"/>
        <source>Old Excel (.xls) files are not supported: save it in Excel as .xlsx or CSV</source>
        <translation>不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 或 CSV</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="33"/>
        <source>The file cannot be found</source>
        <translation>找不到该文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="34"/>
        <source>This is a folder, not a file</source>
        <translation>这是一个文件夹，不是文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="35"/>
        <source>This is not a regular file (perhaps a pipe or a device) and cannot be read as a table</source>
        <translation>这不是普通文件（可能是管道或设备），不能作为表格读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="38"/>
        <source>The file cannot be read: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="39"/>
        <source>The file is too large ({size}); the limit is {limit}</source>
        <translation>文件过大（{size}），超过上限 {limit}</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="40"/>
        <source>The file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="41"/>
        <source>This is not a text table (CSV): check that you chose the right file</source>
        <translation>这不是文本表格文件（CSV），请检查是否选错了文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="44"/>
        <source>The file&apos;s encoding is not recognised: save it in Excel as “CSV UTF-8 (comma delimited)”</source>
        <translation>文件编码无法识别，请在 Excel 中另存为“CSV UTF-8（逗号分隔）”</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="47"/>
        <source>The CSV format is broken: {error}</source>
        <translation>CSV 格式有误：{error}</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="48"/>
        <source>This line is longer than {limit} characters; it does not look like a table</source>
        <translation>这一行超过 {limit} 个字符，不像是表格文件的内容</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="51"/>
        <source>The table has more than {limit} rows, over the import limit: delete extra rows or split the file</source>
        <translation>表格超过 {limit} 行，超出可导入的上限：请删除多余的行或拆分文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="55"/>
        <source>The table has more than {limit} columns, over the import limit: delete extra columns</source>
        <translation>表格超过 {limit} 列，超出可导入的上限：请删除多余的列</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="58"/>
        <source>The table is too big (more than {limit} cells), over the import limit: split the file</source>
        <translation>表格内容过多（超过 {limit} 个单元格），超出可导入的上限：请拆分文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="61"/>
        <source>Row 1 should hold the headers (column names) but is empty</source>
        <translation>第1行应为表头（列名），但它是空的</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="62"/>
        <source>The file has no content</source>
        <translation>文件中没有任何内容</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="63"/>
        <source>The column “{header}” is missing</source>
        <translation>缺少“{header}”列</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="64"/>
        <source>This is not a valid Excel (.xlsx) file: it may be damaged or the wrong file</source>
        <translation>这不是有效的 Excel（.xlsx）文件，可能已损坏或选错了文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="67"/>
        <source>This is a password-protected Excel file or an old .xls file: remove the password in Excel and save as .xlsx</source>
        <translation>这是设有打开密码的 Excel 文件或旧版 .xls 文件：请在 Excel 中取消密码并另存为 .xlsx</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="71"/>
        <source>The Excel file holds {count} parts, more than the limit of {limit}; it may have been crafted. Not read</source>
        <translation>Excel 文件内部有 {count} 个部件，超过上限 {limit}，文件可能被恶意构造，未读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="75"/>
        <source>The Excel file unpacks to about {size}, more than the limit of {limit}; it may have been crafted (a “zip bomb”). Not read</source>
        <translation>Excel 文件解压后约 {size}，超过上限 {limit}，文件可能被恶意构造（“压缩炸弹”），未读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="80"/>
        <source>“{part}” in the Excel file unpacks to about {size}, more than the limit of {limit}. Not read</source>
        <translation>Excel 文件中的“{part}”解压后约 {size}，超过上限 {limit}，未读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="83"/>
        <source>“{part}” in the Excel file is compressed implausibly well ({ratio}:1); it may have been crafted. Not read</source>
        <translation>Excel 文件中的“{part}”压缩比异常（{ratio}:1），文件可能被恶意构造，未读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="87"/>
        <source>“{part}” in the Excel file contains a DTD declaration; Excel never saves one. Not read</source>
        <translation>Excel 文件中的“{part}”含有 DTD 声明，不是 Excel 正常保存的文件，未读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="91"/>
        <source>“{part}” in the Excel file is damaged and cannot be read</source>
        <translation>Excel 文件中的“{part}”已损坏，无法读取</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="92"/>
        <source>The workbook has no worksheets</source>
        <translation>工作簿中没有工作表</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="93"/>
        <source>There is no worksheet “{sheet}”; the worksheets are: {names}</source>
        <translation>找不到工作表“{sheet}”，现有工作表：{names}</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="96"/>
        <source>The worksheet “{sheet}” declares the range {ref} with {rows} rows, more than Excel&apos;s maximum of 1,048,576; Excel did not save this file</source>
        <translation>工作表“{sheet}”声明的范围 {ref} 有 {rows} 行，超过 Excel 最多的 1,048,576 行，不是 Excel 正常保存的文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="101"/>
        <source>The worksheet “{sheet}” declares the range {ref} with {rows} rows, over the import limit of {limit}: delete extra rows or split the file</source>
        <translation>工作表“{sheet}”声明的范围 {ref} 有 {rows} 行，超过可导入的上限 {limit} 行：请删除多余的行或拆分文件</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="106"/>
        <source>The worksheet “{sheet}” declares the range {ref} with {columns} columns, over the import limit of {limit}: delete extra columns</source>
        <translation>工作表“{sheet}”声明的范围 {ref} 有 {columns} 列，超过可导入的上限 {limit} 列：请删除多余的列</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="111"/>
        <source>Unsupported file type “{suffix}”: use .yaml, .xlsx or .csv</source>
        <translation>不支持的文件类型“{suffix}”：请使用 .yaml、.xlsx 或 .csv</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="114"/>
        <source>Not a text file (the content is binary: was a picture or an Excel file renamed?)</source>
        <translation>不是文本文件（内容是二进制数据，是否把图片或 Excel 文件改了扩展名？）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="118"/>
        <source>The file&apos;s encoding is not recognised: save it as UTF-8</source>
        <translation>无法识别文件编码，请另存为 UTF-8 编码</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="119"/>
        <source>YAML syntax error: {reason}</source>
        <translation>YAML 格式错误：{reason}</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="120"/>
        <source>YAML anchors and aliases (&amp; and *) are not allowed: write the content out</source>
        <translation>YAML 中不能使用锚点和别名（&amp; 和 *），请把内容直接写出</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="123"/>
        <source>The YAML nests deeper than {limit} levels; a negative list is not shaped like that</source>
        <translation>YAML 嵌套超过 {limit} 层，这不是负面清单的结构</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="126"/>
        <source>Not a negative-list YAML file (the top level should hold site_types, categories and items)</source>
        <translation>不是负面清单 YAML 文件（顶层应含 site_types、categories 和 items）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="129"/>
        <source>The {kind} definitions ({key}) are missing</source>
        <translation>缺少{kind}定义（{key}）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="130"/>
        <source>The {kind} definitions should be a list (each with code and name)</source>
        <translation>{kind}定义应是列表（每项含 code 和 name）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="133"/>
        <source>A {kind} definition needs a code and a name</source>
        <translation>{kind}定义应含 code 和 name</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="134"/>
        <source>items should be a list of items</source>
        <translation>items 应是条目列表</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="135"/>
        <source>An item should be a mapping of keys (code, text, site_types …)</source>
        <translation>条目应是键值映射（code、text、site_types ……）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="138"/>
        <source>The workbook has no worksheet “{sheet}”</source>
        <translation>工作簿中没有“{sheet}”工作表</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="139"/>
        <source>The worksheet “{sheet}” ({kind} definitions) is missing and no base list was given</source>
        <translation>缺少“{sheet}”工作表（{kind}定义），也没有指定基础清单</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="142"/>
        <source>A CSV file holds no site types or categories: give a base list</source>
        <translation>CSV 文件不含点位类型和类别定义，请指定基础清单</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="145"/>
        <source>The worksheet “{sheet}” is empty</source>
        <translation>工作表“{sheet}”是空的</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="146"/>
        <source>Duplicate column name: keep only one</source>
        <translation>列名重复，请只保留一列</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="147"/>
        <source>The worksheet “{sheet}” has no column “{header}” (is it the right worksheet?)</source>
        <translation>工作表“{sheet}”缺少“{header}”列（是否选错了工作表？）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="150"/>
        <source>The CSV file has no column “{header}” (is it the right file?)</source>
        <translation>CSV 文件缺少“{header}”列（是否选错了文件？）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="153"/>
        <source>The worksheet “{sheet}” has no column “{header}”</source>
        <translation>工作表“{sheet}”缺少“{header}”列</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="156"/>
        <source>The {kind} code is empty</source>
        <translation>{kind}编码为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="157"/>
        <source>The {kind} code “{value}” is repeated (already on row {first})</source>
        <translation>{kind}编码“{value}”重复（第{first}行已有）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="160"/>
        <source>The site type code “{value}” must not contain spaces or separators (、,，;；)</source>
        <translation>点位类型编码“{value}”不能含空格或分隔符（、,，;；）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="163"/>
        <source>The {kind} name is empty</source>
        <translation>{kind}名称为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="164"/>
        <source>The {kind} name “{name}” is repeated (already on row {first})</source>
        <translation>{kind}名称“{name}”重复（第{first}行已有）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="167"/>
        <source>The item code is empty</source>
        <translation>条目编号为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="168"/>
        <source>The item code “{value}” is repeated (first on row {first})</source>
        <translation>条目编号“{value}”重复（第{first}行已出现）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="171"/>
        <source>The category is empty</source>
        <translation>类别为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="172"/>
        <source>Unknown category “{value}”</source>
        <translation>未知的类别“{value}”</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="173"/>
        <source>The problem description is empty</source>
        <translation>问题描述为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="174"/>
        <source>No site types given</source>
        <translation>未填写适用点位类型</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="175"/>
        <source>Unknown site type “{value}”</source>
        <translation>未知的点位类型“{value}”</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="176"/>
        <source>Unknown severity “{value}”</source>
        <translation>未知的严重程度“{value}”</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="177"/>
        <source>The severity is empty</source>
        <translation>严重程度为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="178"/>
        <source>The deduction “{value}” is not a number</source>
        <translation>扣分“{value}”不是数字</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="179"/>
        <source>The deduction “{value}” is not a valid number</source>
        <translation>扣分“{value}”不是有效数字</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="180"/>
        <source>The deduction cannot be negative ({value})</source>
        <translation>扣分不能为负数（{value}）</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="181"/>
        <source>The deduction “{value}” is out of range</source>
        <translation>扣分“{value}”超出范围</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="182"/>
        <source>The deduction is empty and this severity has no default deduction</source>
        <translation>扣分为空，且没有该严重程度的默认扣分</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="185"/>
        <source>The responsible unit is empty</source>
        <translation>责任单位为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="186"/>
        <source>The rectification deadline “{value}” is not a whole number of days</source>
        <translation>整改时限“{value}”不是非负整数天数</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="189"/>
        <source>The rectification deadline is empty</source>
        <translation>整改时限为空</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="190"/>
        <source>“Photo required” should be 是 (yes) or 否 (no), not “{value}”</source>
        <translation>“需要照片”应填 是 或 否，不能是“{value}”</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="193"/>
        <source>Contains invisible control characters</source>
        <translation>含有不可见的控制字符</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="194"/>
        <source>The list has no items</source>
        <translation>清单中没有任何条目</translation>
    </message>
    <message>
        <location filename="../pages/problem_text.py" line="195"/>
        <source>New {kind} “{name}”, code {new_code}</source>
        <translation>新{kind}“{name}”，编码 {new_code}</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../pages/import_dialog.py" line="129"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="130"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="131"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="132"/>
        <source>What is wrong</source>
        <translation>问题说明</translation>
    </message>
</context>
<context>
    <name>RevisionsModel</name>
    <message>
        <location filename="../pages/finding_models.py" line="72"/>
        <source>Rev.</source>
        <translation>修订</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="73"/>
        <source>Recorded</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="74"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="75"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="76"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="78"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../pages/finding_models.py" line="83"/>
        <source>Reason for change</source>
        <translation>修改原因</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../pages/settings_page.py" line="92"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="101"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="103"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="104"/>
        <source>The window is rebuilt in the chosen language at once.</source>
        <translation>切换后界面立即以所选语言显示。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="106"/>
        <source>Inspector profile</source>
        <translation>督查员信息</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="109"/>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="111"/>
        <source>Open another workspace…</source>
        <translation>打开其他工作区…</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="136"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="138"/>
        <source>Fonts for documents (PDF circulars and notices)</source>
        <translation>文书字体（PDF 通报、整改通知书）</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="140"/>
        <source>How to install the missing fonts</source>
        <translation>如何安装缺少的字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="187"/>
        <source>This workspace has no inspector profile (an office workspace).</source>
        <translation>此工作区没有督查员信息（办公室工作区）。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="189"/>
        <source>Inspector ID</source>
        <translation>督查员编号</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="190"/>
        <source>Name</source>
        <comment>of the inspector</comment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="191"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="192"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="193"/>
        <source>The profile is set when the workspace is created; the office changes it if needed.</source>
        <translation>督查员信息在创建工作区时设定；如需更改，请联系督查科。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="201"/>
        <source>Name</source>
        <comment>of the workspace</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="202"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="203"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="204"/>
        <source>Device ID</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="205"/>
        <source>Negative list version</source>
        <translation>负面清单版本</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="219"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="228"/>
        <source>“{path}” is not a workspace folder.</source>
        <translation>“{path}”不是工作区文件夹。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="242"/>
        <source>Looking for fonts…</source>
        <translation>正在查找字体…</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="261"/>
        <source>{count} role(s) have no font: documents cannot be made until one is installed.</source>
        <translation>{count} 类字体未找到：安装字体后才能生成文书。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="268"/>
        <source>Every role has a font; {count} use a similar font instead of the standard one.</source>
        <translation>各类字体均已找到，其中 {count} 类以相近字体代替标准字体。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="270"/>
        <source>Every role has its standard font.</source>
        <translation>各类字体均已找到标准字体。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="278"/>
        <source>The font check failed: {error}</source>
        <translation>字体检查失败：{error}</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <location filename="../pages/sites_page.py" line="35"/>
        <source>Code</source>
        <translation>点位编号</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="36"/>
        <source>Name</source>
        <translation>点位名称</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="37"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="38"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="39"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="40"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="41"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="42"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <location filename="../pages/sites_page.py" line="56"/>
        <location filename="../pages/sites_page.py" line="88"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="59"/>
        <source>Add site…</source>
        <translation>新增点位…</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="61"/>
        <source>Import register…</source>
        <translation>导入点位表…</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="62"/>
        <source>Import a site register from Excel (.xlsx) or CSV</source>
        <translation>从 Excel（.xlsx）或 CSV 文件导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="66"/>
        <source>Search name, address, code or street</source>
        <translation>搜索名称、地址、编号或街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="109"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="112"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="116"/>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="139"/>
        <source>{count} site(s)</source>
        <translation>{count} 个点位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="152"/>
        <source>Import site register</source>
        <translation>导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="152"/>
        <source>Site registers (*.xlsx *.xlsm *.csv)</source>
        <translation>点位表 (*.xlsx *.xlsm *.csv)</translation>
    </message>
</context>
<context>
    <name>VersionsModel</name>
    <message>
        <location filename="../pages/catalog_page.py" line="94"/>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="95"/>
        <source>current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="97"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="99"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="103"/>
        <source>Items</source>
        <translation>条目数</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="104"/>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="105"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <location filename="../pages/void_dialog.py" line="37"/>
        <location filename="../pages/void_dialog.py" line="57"/>
        <source>Void inspection</source>
        <translation>作废检查</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="40"/>
        <source>Void the inspection of {title}? Its answers are kept and it is sent to the office as voided, but it no longer counts: no problems, scores or rankings come from it. A void cannot be undone.</source>
        <translation>作废“{title}”的检查？已作答的结果保留，并作为“已作废”交给督查科，但不再计入问题、得分和排名。作废后不能撤销。</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="46"/>
        <source>Reason for voiding</source>
        <translation>作废原因</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="47"/>
        <source>Reason (required), e.g. wrong site selected</source>
        <translation>原因（必填），例如：选错了点位</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="56"/>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../pages/void_dialog.py" line="82"/>
        <location filename="../pages/void_dialog.py" line="90"/>
        <source>Write why the inspection is voided.</source>
        <translation>请填写作废原因。</translation>
    </message>
</context>
</TS>
