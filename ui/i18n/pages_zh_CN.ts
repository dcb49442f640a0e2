<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddSiteDialog</name>
    <message>
        <location filename="../pages/site_dialog.py" line="21"/>
        <source>Add a site</source>
        <translation>新增点位</translation>
    </message>
    <message>
        <location filename="../pages/site_dialog.py" line="29"/>
        <source>Add site</source>
        <translation>添加点位</translation>
    </message>
    <message>
        <location filename="../pages/site_dialog.py" line="30"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>BackupsBox</name>
    <message>
        <location filename="../pages/backups_box.py" line="58"/>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="65"/>
        <source>The database is backed up at the first opening of each day and before merges, negative-list imports and upgrades; 7 daily and 4 weekly backups are kept. Photos are not copied: the evidence folder only ever grows. When the workspace is damaged, the app offers to restore a backup.</source>
        <translation>每天第一次打开时、合并数据包、导入负面清单和升级数据结构之前，都会备份数据库；保留最近 7 天和再往前 4 周的备份。照片不在备份中：证据文件夹只增不改。工作区损坏时，软件会提示恢复备份。</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="73"/>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="93"/>
        <source>No backups yet.</source>
        <translation>还没有备份。</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="98"/>
        <source>Backing up and verifying…</source>
        <translation>正在备份并校验…</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="107"/>
        <source>Backed up and verified: {name}</source>
        <translation>已备份并校验：{name}</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="112"/>
        <source>The backup failed: {error}</source>
        <translation>备份失败：{error}</translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <location filename="../pages/backups_box.py" line="15"/>
        <source>Daily (automatic)</source>
        <translation>每日自动</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="16"/>
        <source>By hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="17"/>
        <source>Before merging bundles</source>
        <translation>合并数据包前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="18"/>
        <source>Before a negative-list import</source>
        <translation>导入负面清单前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="19"/>
        <source>Before a schema upgrade</source>
        <translation>升级数据结构前</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="37"/>
        <source>Taken</source>
        <translation>备份时间</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="38"/>
        <source>Why</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="39"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../pages/backups_box.py" line="40"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>CatalogPage</name>
    <message>
        <location filename="../pages/catalog_page.py" line="129"/>
        <source>Negative list</source>
        <translation>负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="133"/>
        <source>Import list…</source>
        <translation>导入负面清单…</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="134"/>
        <source>Import a negative list from YAML, Excel (.xlsx) or CSV</source>
        <translation>从 YAML、Excel（.xlsx）或 CSV 文件导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="142"/>
        <source>Search code, problem or responsible unit</source>
        <translation>搜索编号、问题描述或责任单位</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="167"/>
        <source>Versions (select one to browse it)</source>
        <translation>历史版本（选中一个版本即可浏览）</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="213"/>
        <source>{name} · version {version} · {items} items · {categories} categories · {types} site types</source>
        <translation>{name} · 版本 {version} · {items} 个条目 · {categories} 个类别 · {types} 种点位类型</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="222"/>
        <source>not the current version</source>
        <translation>不是当前版本</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="226"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="227"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="228"/>
        <source>, </source>
        <comment>between site type names</comment>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="245"/>
        <source>{shown} of {total} items</source>
        <translation>显示 {shown} / {total} 个条目</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="253"/>
        <source>Import negative list</source>
        <translation>导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="253"/>
        <source>Negative lists (*.yaml *.yml *.xlsx *.csv)</source>
        <translation>负面清单文件 (*.yaml *.yml *.xlsx *.csv)</translation>
    </message>
</context>
<context>
    <name>FindingEditDialog</name>
    <message>
        <location filename="../pages/finding_edit.py" line="40"/>
        <source>Change result</source>
        <translation>修改检查结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="47"/>
        <source>Current answer (revision {rev}): {outcome}</source>
        <translation>当前结果（第 {rev} 版）：{outcome}</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="69"/>
        <source>Why is the result of this finished inspection changed? (required)</source>
        <translation>为什么修改这次已完成检查的结果？（必填）</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="71"/>
        <source>Reason for the change (optional)</source>
        <translation>修改原因（选填）</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="78"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="79"/>
        <source>Count</source>
        <translation>处数</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="80"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="81"/>
        <source>Reason for change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="84"/>
        <source>Save as new revision</source>
        <translation>保存为新修订</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="85"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../pages/finding_edit.py" line="133"/>
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
        <location filename="../pages/settings_page.py" line="32"/>
        <source>FangSong</source>
        <translation>仿宋</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="33"/>
        <source>Song</source>
        <translation>宋体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="34"/>
        <source>Hei</source>
        <translation>黑体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="35"/>
        <source>Kai</source>
        <translation>楷体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="36"/>
        <source>Title (Xiaobiaosong)</source>
        <translation>标题（小标宋）</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="53"/>
        <source>None found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="55"/>
        <source>Exact</source>
        <translation>标准字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="56"/>
        <source>Fallback</source>
        <translation>相近字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="64"/>
        <source>Role</source>
        <translation>用途</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="65"/>
        <source>Font</source>
        <translation>字体</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="66"/>
        <source>Match</source>
        <translation>匹配情况</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="68"/>
        <source>File</source>
        <translation>字体文件</translation>
    </message>
</context>
<context>
    <name>HistoryFilterBar</name>
    <message>
        <location filename="../pages/history_filters.py" line="42"/>
        <source>All dates</source>
        <translation>全部日期</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="43"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="44"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="45"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="46"/>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="47"/>
        <source>This year</source>
        <translation>本年</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="48"/>
        <source>Date range…</source>
        <translation>指定日期…</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="64"/>
        <source>All modes</source>
        <translation>明察和暗访</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="65"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="67"/>
        <source>Search site, address or inspector (Ctrl+F)</source>
        <translation>搜索点位、地址或督查员（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="89"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="99"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../pages/history_filters.py" line="101"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../pages/history_model.py" line="40"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="41"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="42"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="43"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="44"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="45"/>
        <source>Inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="46"/>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="47"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="48"/>
        <source>Answered</source>
        <translation>已答</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="49"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="50"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../pages/history_model.py" line="51"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../pages/history_page.py" line="26"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../pages/history_page.py" line="105"/>
        <source>{count} inspection(s)</source>
        <translation>{count} 条检查记录</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../pages/import_dialog.py" line="133"/>
        <source>Import site register</source>
        <translation>导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="133"/>
        <source>Import negative list</source>
        <translation>导入负面清单</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="140"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="158"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="199"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="210"/>
        <source>Writing “{file}” to the workspace…</source>
        <translation>正在将“{file}”写入工作区…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="212"/>
        <source>Reading and checking “{file}”…</source>
        <translation>正在读取并校验“{file}”…</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="235"/>
        <source>{file}: {added} added, {updated} updated, {unchanged} unchanged.</source>
        <translation>{file}：新增 {added} 个，更新 {updated} 个，未变 {unchanged} 个。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="242"/>
        <source>“{name}” ({file}, {items} items, version {version}) is now the current list.</source>
        <translation>“{name}”（{file}，{items} 个条目，版本 {version}）已设为当前负面清单。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="245"/>
        <source>“{name}” ({file}, {items} items, version {version}) was imported before and is current again.</source>
        <translation>“{name}”（{file}，{items} 个条目，版本 {version}）此前已导入，现重新设为当前负面清单。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="238"/>
        <source>Site register imported</source>
        <translation>点位表已导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="248"/>
        <source>Negative list imported</source>
        <translation>负面清单已导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="253"/>
        <source>Nothing was imported</source>
        <translation>未导入任何数据</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="256"/>
        <source>{count} problem(s) found in “{file}”. Nothing was imported: correct the file and import it again.</source>
        <translation>“{file}”中发现 {count} 处问题，未导入任何数据。请修改文件后重新导入。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="263"/>
        <source>The file could not be read: {error}</source>
        <translation>无法读取文件：{error}</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="266"/>
        <source>The import stopped because of an unexpected error ({error}).</source>
        <translation>导入因意外错误而中止（{error}）。</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="271"/>
        <source>Import cancelled</source>
        <translation>已取消导入</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="271"/>
        <source>The import was cancelled. Nothing was imported.</source>
        <translation>导入已取消，未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>InspectionDetailPane</name>
    <message>
        <location filename="../pages/history_detail.py" line="66"/>
        <source>No photos.</source>
        <translation>没有照片。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="71"/>
        <source>Change result…</source>
        <translation>修改结果…</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="73"/>
        <source>Change the selected finding (Ctrl+E); a new revision is written</source>
        <translation>修改选中的检查结果（Ctrl+E），将生成新的修订版本</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="116"/>
        <source>Select an inspection above to see its findings, photos and revisions.</source>
        <translation>在上方选择一条检查记录，查看检查结果、照片和修订记录。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="158"/>
        <source>{site} ({code}) · {district} {street} · {site_type}</source>
        <translation>{site}（{code}）· {district} {street} · {site_type}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="168"/>
        <source>Inspector: {name}</source>
        <translation>督查员：{name}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="169"/>
        <source>Started {start}</source>
        <translation>开始 {start}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="171"/>
        <source>Answered {answered}/{total}</source>
        <translation>已答 {answered}/{total}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="174"/>
        <source>Finished {end}</source>
        <translation>完成 {end}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="176"/>
        <source>{problems} problem(s) · deduction {deduction} · score {score}</source>
        <translation>问题 {problems} 处 · 扣 {deduction} 分 · 得分 {score}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="182"/>
        <source>Address: {address}</source>
        <translation>地址：{address}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="188"/>
        <source>{count} finding(s), {fails} failed</source>
        <translation>共 {count} 条结果，{fails} 条不合格</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="197"/>
        <source>Recorded in this office workspace, not received in a bundle.</source>
        <translation>在本办公室工作区录入，不是由数据包导入的。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="200"/>
        <source>{device} (inspector {inspector}, device {device_id}): bundle no. {seq} ({bundle}), imported {time}</source>
        <translation>{device}（督查员 {inspector}，设备 {device_id}）：第 {seq} 号数据包（{bundle}），{time} 导入</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="211"/>
        <source>Came from: {sources}</source>
        <translation>来源：{sources}</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="235"/>
        <source>Select a finding to see its revisions.</source>
        <translation>选择一条检查结果以查看其修订记录。</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="237"/>
        <source>All photos of this inspection: {count}</source>
        <translation>本次检查的全部照片：{count} 张</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="242"/>
        <source>Revisions of {item}</source>
        <translation>{item} 的修订记录</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="244"/>
        <source>Photos of {item}: {count}</source>
        <translation>{item} 的照片：{count} 张</translation>
    </message>
    <message>
        <location filename="../pages/history_detail.py" line="244"/>
        <source>All photos: {count}</source>
        <translation>全部照片：{count} 张</translation>
    </message>
</context>
<context>
    <name>ItemsModel</name>
    <message>
        <location filename="../pages/catalog_page.py" line="47"/>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="55"/>
        <source>Code</source>
        <translation>条目编号</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="56"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="57"/>
        <source>Problem</source>
        <translation>问题描述</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="59"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="64"/>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="70"/>
        <source>Deadline</source>
        <translation>整改时限</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="76"/>
        <source>Photo</source>
        <translation>需拍照</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="78"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="80"/>
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
        <location filename="../pages/labels.py" line="21"/>
        <source>Pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="22"/>
        <source>Fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="23"/>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="26"/>
        <source>Minor</source>
        <translation>一般</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="27"/>
        <source>Major</source>
        <translation>较重</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="28"/>
        <source>Severe</source>
        <translation>严重</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="31"/>
        <source>Field laptop</source>
        <translation>外勤笔记本</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="32"/>
        <source>Office</source>
        <translation>办公室</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="35"/>
        <source>Register</source>
        <translation>点位表</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="36"/>
        <source>Added in the field</source>
        <translation>现场新增</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="38"/>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../pages/labels.py" line="38"/>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <location filename="../pages/import_dialog.py" line="113"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="114"/>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="115"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../pages/import_dialog.py" line="117"/>
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
        <location filename="../pages/settings_page.py" line="90"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="99"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="101"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="102"/>
        <source>The window is rebuilt in the chosen language at once.</source>
        <translation>切换后界面立即以所选语言显示。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="104"/>
        <source>Inspector profile</source>
        <translation>督查员信息</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="107"/>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="109"/>
        <source>Open another workspace…</source>
        <translation>打开其他工作区…</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="133"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="135"/>
        <source>Fonts for documents (PDF circulars and notices)</source>
        <translation>文书字体（PDF 通报、整改通知书）</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="177"/>
        <source>This workspace has no inspector profile (an office workspace).</source>
        <translation>此工作区没有督查员信息（办公室工作区）。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="179"/>
        <source>Inspector ID</source>
        <translation>督查员编号</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="180"/>
        <source>Name</source>
        <comment>of the inspector</comment>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="181"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="182"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="183"/>
        <source>The profile is set when the workspace is created; the office changes it if needed.</source>
        <translation>督查员信息在创建工作区时设定；如需更改，请联系督查科。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="191"/>
        <source>Name</source>
        <comment>of the workspace</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="192"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="193"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="194"/>
        <source>Device ID</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="195"/>
        <source>Negative list version</source>
        <translation>负面清单版本</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="209"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="218"/>
        <source>“{path}” is not a workspace folder.</source>
        <translation>“{path}”不是工作区文件夹。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="227"/>
        <source>Looking for fonts…</source>
        <translation>正在查找字体…</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="246"/>
        <source>{count} role(s) have no font: documents cannot be made until one is installed.</source>
        <translation>{count} 类字体未找到：安装字体后才能生成文书。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="253"/>
        <source>Every role has a font; {count} use a similar font instead of the standard one.</source>
        <translation>各类字体均已找到，其中 {count} 类以相近字体代替标准字体。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="255"/>
        <source>Every role has its standard font.</source>
        <translation>各类字体均已找到标准字体。</translation>
    </message>
    <message>
        <location filename="../pages/settings_page.py" line="263"/>
        <source>The font check failed: {error}</source>
        <translation>字体检查失败：{error}</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <location filename="../pages/sites_page.py" line="33"/>
        <source>Code</source>
        <translation>点位编号</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="34"/>
        <source>Name</source>
        <translation>点位名称</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="35"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="36"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="37"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="38"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="39"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="40"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <location filename="../pages/sites_page.py" line="54"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="57"/>
        <source>Add site…</source>
        <translation>新增点位…</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="59"/>
        <source>Import register…</source>
        <translation>导入点位表…</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="60"/>
        <source>Import a site register from Excel (.xlsx) or CSV</source>
        <translation>从 Excel（.xlsx）或 CSV 文件导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="64"/>
        <source>Search name, address, code or street</source>
        <translation>搜索名称、地址、编号或街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="104"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="107"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="111"/>
        <source>All streets</source>
        <translation>全部街道</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="134"/>
        <source>{count} site(s)</source>
        <translation>{count} 个点位</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="147"/>
        <source>Import site register</source>
        <translation>导入点位表</translation>
    </message>
    <message>
        <location filename="../pages/sites_page.py" line="147"/>
        <source>Site registers (*.xlsx *.xlsm *.csv)</source>
        <translation>点位表 (*.xlsx *.xlsm *.csv)</translation>
    </message>
</context>
<context>
    <name>VersionsModel</name>
    <message>
        <location filename="../pages/catalog_page.py" line="93"/>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="94"/>
        <source>current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="96"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="98"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="102"/>
        <source>Items</source>
        <translation>条目数</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="103"/>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <location filename="../pages/catalog_page.py" line="104"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
</TS>
