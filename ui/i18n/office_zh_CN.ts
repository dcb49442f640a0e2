<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BundlesPage</name>
    <message>
        <location filename="../office/bundles_page.py" line="61"/>
        <source>Bundle import</source>
        <translation>数据包导入</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="63"/>
        <source>Choose bundle files…</source>
        <translation>选择数据包文件…</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="65"/>
        <source>Choose a folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="74"/>
        <source>Drop bundle files (*.ibundle) or folders from a USB stick here. Each bundle is checked (signature, registered key, sequence, contents) and merged in its own transaction.</source>
        <translation>把U盘里的数据包文件（*.ibundle）或文件夹拖到这里。每个数据包都会逐项核验（签名、登记密钥、序号、内容），并各自在一个事务中合并。</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="87"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="88"/>
        <source>Stop after the bundle being merged; merged bundles stay merged</source>
        <translation>合并完当前数据包后停止；已合并的数据包保持不变</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="103"/>
        <source>This import</source>
        <translation>本次导入</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="124"/>
        <location filename="../office/bundles_page.py" line="151"/>
        <source>All verdicts kept in this office: {count}</source>
        <translation>办公室保存的全部核验结论：{count} 条</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="175"/>
        <source>Import bundles</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="175"/>
        <source>Bundles (*.ibundle);;All files (*)</source>
        <translation>数据包 (*.ibundle);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="183"/>
        <source>Import every bundle in a folder</source>
        <translation>导入文件夹中的全部数据包</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="218"/>
        <source>No bundle files (*.ibundle) were found there.</source>
        <translation>那里没有找到数据包文件（*.ibundle）。</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="254"/>
        <source>Stopping after this bundle…</source>
        <translation>合并完当前数据包后停止…</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="260"/>
        <source>Checking and merging {file} ({number} of {total})…</source>
        <translation>正在核验并合并 {file}（第 {number}/{total} 个）…</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="281"/>
        <source>{total} bundle(s): {imported} imported, {duplicate} already imported, {rejected} rejected, {quarantined} quarantined.</source>
        <translation>共 {total} 个数据包：已导入 {imported} 个，已导入过 {duplicate} 个，已拒收 {rejected} 个，已隔离 {quarantined} 个。</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="285"/>
        <source>Stopped. {summary} The other bundles were not touched.</source>
        <translation>已停止。{summary}其余数据包未处理。</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="288"/>
        <source>{summary} Refused bundles changed nothing; their reasons are in the table.</source>
        <translation>{summary}被拒收或隔离的数据包没有改动任何数据，原因见下表。</translation>
    </message>
    <message>
        <location filename="../office/bundles_page.py" line="300"/>
        <source>The import stopped: {error} Bundles merged before it stay merged.</source>
        <translation>导入中止：{error} 此前已合并的数据包保持不变。</translation>
    </message>
</context>
<context>
    <name>DevicesModel</name>
    <message>
        <location filename="../office/registry_page.py" line="26"/>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="27"/>
        <source>Revoked after no. {seq} ({date})</source>
        <translation>已吊销：序号 {seq} 之后不再接收（{date}）</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="37"/>
        <source>Missing no. {numbers}</source>
        <translation>缺少序号 {numbers}</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="45"/>
        <source>Inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="46"/>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="47"/>
        <source>Laptop</source>
        <translation>笔记本</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="49"/>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="53"/>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="54"/>
        <source>Bundles</source>
        <translation>数据包</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="56"/>
        <source>Last no.</source>
        <translation>最新序号</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="60"/>
        <source>Gaps</source>
        <translation>缺号</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="61"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>DrawForm</name>
    <message>
        <location filename="../office/draw_form.py" line="39"/>
        <location filename="../office/draw_form.py" line="67"/>
        <source>Draw</source>
        <translation>抽签</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="51"/>
        <source>In total</source>
        <translation>总数</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="52"/>
        <source>Per district</source>
        <translation>每区</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="53"/>
        <source>Per site type</source>
        <translation>每类点位</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="56"/>
        <source>Blank: a random seed is made and recorded</source>
        <translation>留空则随机生成种子并记录</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="57"/>
        <source>Assign inspectors</source>
        <translation>同时抽派督查员</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="62"/>
        <source>Not in their own district</source>
        <translation>同区回避</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="64"/>
        <source>Not at their own unit</source>
        <translation>同单位回避</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="75"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="76"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="77"/>
        <source>Sites</source>
        <translation>点位数</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="78"/>
        <source>Counted</source>
        <translation>计数方式</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="83"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="89"/>
        <source>per site</source>
        <translation>每个点位人数</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="93"/>
        <source>Recusal:</source>
        <translation>回避：</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="107"/>
        <source>All districts</source>
        <translation>全部区</translation>
    </message>
    <message>
        <location filename="../office/draw_form.py" line="109"/>
        <source>All site types</source>
        <translation>全部点位类型</translation>
    </message>
</context>
<context>
    <name>DrawPage</name>
    <message>
        <location filename="../office/draw_page.py" line="37"/>
        <source>Draws and task packs</source>
        <translation>抽签与任务包</translation>
    </message>
    <message>
        <location filename="../office/draw_page.py" line="49"/>
        <source>Drawn sites</source>
        <translation>抽中的点位</translation>
    </message>
    <message>
        <location filename="../office/draw_page.py" line="90"/>
        <source>Recorded draws: {count}</source>
        <translation>抽签记录：{count} 次</translation>
    </message>
    <message>
        <location filename="../office/draw_page.py" line="119"/>
        <source>No draw yet: choose the filters and the number of sites, then Draw.</source>
        <translation>还没有抽签：请选择筛选条件和点位数，再点“抽签”。</translation>
    </message>
    <message>
        <location filename="../office/draw_page.py" line="125"/>
        <source>{kind} · drawn {time} · seed &lt;b&gt;{seed}&lt;/b&gt; ({source}) · {candidates} · candidate list hash {hash} · {algorithm}</source>
        <translation>{kind} · {time} 抽签 · 种子 &lt;b&gt;{seed}&lt;/b&gt;（{source}）· {candidates} · 候选名单哈希 {hash} · {algorithm}</translation>
    </message>
</context>
<context>
    <name>DrawnSitesModel</name>
    <message>
        <location filename="../office/draw_models.py" line="64"/>
        <source>{name} ({id})</source>
        <translation>{name}（{id}）</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="94"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="95"/>
        <source>Site</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="96"/>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="97"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="99"/>
        <source>Inspectors</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="101"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="103"/>
        <source>Any inspector</source>
        <translation>不指定督查员</translation>
    </message>
</context>
<context>
    <name>DrawsModel</name>
    <message>
        <location filename="../office/draw_models.py" line="16"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="17"/>
        <source>Sites and inspectors</source>
        <translation>点位和督查员</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="20"/>
        <source>given</source>
        <translation>指定</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="21"/>
        <source>random</source>
        <translation>随机生成</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="76"/>
        <source>{count} candidate inspector(s)</source>
        <translation>候选督查员 {count} 名</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="78"/>
        <source>{count} candidate site(s)</source>
        <translation>候选点位 {count} 个</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="114"/>
        <source>Drawn</source>
        <translation>抽签时间</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="115"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="117"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../office/draw_models.py" line="116"/>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
</context>
<context>
    <name>IssueBox</name>
    <message>
        <location filename="../office/issue_box.py" line="76"/>
        <source>Issue a task pack</source>
        <translation>签发任务包</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="90"/>
        <source>2026-W48 (week), 2026-11 (month), 2026-Q4 (quarter) or a date range</source>
        <translation>2026-W48（周）、2026-11（月）、2026-Q4（季）或日期范围</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="94"/>
        <source>Save task packs in</source>
        <translation>任务包保存到</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="96"/>
        <source>The office key&apos;s passphrase</source>
        <translation>办公室密钥的口令</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="99"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="100"/>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="101"/>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="102"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="103"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="104"/>
        <source>Sign and save task pack</source>
        <translation>签发任务包</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="130"/>
        <source>Issued task packs: {count}</source>
        <translation>已签发的任务包：{count} 个</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="138"/>
        <source>Make a draw, or choose a recorded one, to issue a task pack from it.</source>
        <translation>请先抽签，或选择一次抽签记录，再据此签发任务包。</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="141"/>
        <source>From the draw of {time} ({kind}, seed {seed}): {tasks} task(s).</source>
        <translation>依据 {time} 的抽签（{kind}，种子 {seed}）：{tasks} 项任务。</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="155"/>
        <source>The office has no signing key yet: set its passphrase on the Inspectors page.</source>
        <translation>办公室还没有签名密钥：请先在“督查员”页设置口令。</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="158"/>
        <source>Choose a folder that exists for the task pack.</source>
        <translation>请为任务包选择一个存在的文件夹。</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="171"/>
        <source>Signing the task pack…</source>
        <translation>正在签发任务包…</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="178"/>
        <source>Task pack v{version} with {tasks} task(s) saved: {path}</source>
        <translation>任务包 v{version}（{tasks} 项任务）已保存：{path}</translation>
    </message>
</context>
<context>
    <name>IssuedModel</name>
    <message>
        <location filename="../office/issue_box.py" line="58"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="48"/>
        <source>{file}, issued {time}</source>
        <translation>{file}，{time} 签发</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="59"/>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="60"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="61"/>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <location filename="../office/issue_box.py" line="62"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
</context>
<context>
    <name>RegisterDialog</name>
    <message>
        <location filename="../office/registry_dialogs.py" line="76"/>
        <source>Register a laptop</source>
        <translation>登记笔记本</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="80"/>
        <source>Choose the registration file the inspector exported. The office key signs a trust file for that laptop: give it back to the inspector to import, so the laptop accepts this office&apos;s task packs.</source>
        <translation>请选择督查员导出的登记文件。办公室密钥会为这台笔记本签发一份信任文件：交还督查员导入后，这台笔记本就能接收本办公室的任务包。</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="87"/>
        <location filename="../office/registry_dialogs.py" line="93"/>
        <source>Registration file</source>
        <translation>登记文件</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="87"/>
        <source>Registration files (*.json);;All files (*)</source>
        <translation>登记文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="90"/>
        <source>Save the trust file as</source>
        <translation>信任文件另存为</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="90"/>
        <source>Trust files (*.json)</source>
        <translation>信任文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="91"/>
        <source>The office key&apos;s passphrase</source>
        <translation>办公室密钥的口令</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="94"/>
        <source>Trust file</source>
        <translation>信任文件</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="95"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="97"/>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="112"/>
        <source>Choose the registration file the inspector gave you.</source>
        <translation>请选择督查员交来的登记文件。</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="116"/>
        <source>Choose where to save the trust file (a folder that exists).</source>
        <translation>请选择信任文件的保存位置（文件夹须存在）。</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="124"/>
        <source>Checking and signing…</source>
        <translation>正在核验并签名…</translation>
    </message>
</context>
<context>
    <name>RegistryDialogs</name>
    <message>
        <location filename="../office/registry_dialogs.py" line="55"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="145"/>
        <source>not revoked</source>
        <translation>未吊销</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="146"/>
        <source>refused after no. {seq}</source>
        <translation>序号 {seq} 之后拒收</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../office/registry_page.py" line="97"/>
        <source>Inspectors</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="103"/>
        <source>Register a laptop…</source>
        <translation>登记笔记本…</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="106"/>
        <source>Revoke key…</source>
        <translation>吊销密钥…</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="153"/>
        <source>The office has no signing key yet: set a passphrase to register laptops and sign task packs.</source>
        <translation>办公室还没有签名密钥：请设置口令，之后才能登记笔记本和签发任务包。</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="155"/>
        <source>Set passphrase…</source>
        <translation>设置口令…</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="158"/>
        <source>Office key: {key} (created {date}). Laptops pin it when they import their trust file.</source>
        <translation>办公室密钥：{key}（{date} 创建）。笔记本导入信任文件后即信任此密钥。</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="162"/>
        <source>Change passphrase…</source>
        <translation>修改口令…</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="166"/>
        <source>Registered laptops: {count}</source>
        <translation>已登记的笔记本：{count} 台</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="173"/>
        <source>Inspector roster: {count}</source>
        <translation>督查员名单：{count} 人</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="237"/>
        <source>Laptop “{device}” is registered. Give the trust file to the inspector: {path}</source>
        <translation>笔记本“{device}”已登记。请把信任文件交给督查员：{path}</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="277"/>
        <source>Key revoked: bundles numbered after {seq} from “{device}” will be refused.</source>
        <translation>密钥已吊销：“{device}”序号 {seq} 之后的数据包将被拒收。</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="108"/>
        <source>Reinstate…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="200"/>
        <source>Revocation history of “{device}”: none.</source>
        <translation>“{device}”的吊销记录：无。</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="201"/>
        <source>Revocation history of “{device}”:</source>
        <translation>“{device}”的吊销记录：</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="203"/>
        <source>revoked</source>
        <translation>吊销</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="203"/>
        <source>reinstated</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="204"/>
        <source>{time} {actor} {action}: {before} → {after}</source>
        <translation>{time} {actor} {action}：{before} → {after}</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="212"/>
        <source> (reason: {reason})</source>
        <translation>（原因：{reason}）</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="267"/>
        <source>Key reinstated: “{device}” is now {cutoff}.</source>
        <translation>已恢复“{device}”的密钥：现在{cutoff}。</translation>
    </message>
</context>
<context>
    <name>ReinstateDialog</name>
    <message>
        <location filename="../office/registry_dialogs.py" line="228"/>
        <source>Reinstate a laptop key</source>
        <translation>恢复笔记本密钥</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="232"/>
        <source>The key of {inspector}&apos;s laptop “{device}” is revoked: bundles numbered after {seq} are refused. Reinstating lifts the revocation, or accepts bundles up to a higher number. It is kept in the revocation history with your reason.</source>
        <translation>{inspector}的笔记本“{device}”的密钥已吊销：序号 {seq} 之后的数据包拒收。恢复可以撤销吊销，或放宽到更大的序号；这一操作连同原因记入吊销记录。</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="242"/>
        <source>Lift the revocation (accept every bundle of this key again)</source>
        <translation>撤销吊销（重新接收这把密钥的所有数据包）</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="250"/>
        <source>Required: why this key may be trusted again</source>
        <translation>必填：为什么可以重新信任这把密钥</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="253"/>
        <source>Or refuse bundles numbered after</source>
        <translation>或改为：此序号之后拒收</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="254"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="256"/>
        <source>Reinstate key</source>
        <translation>恢复密钥</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../office/registry_dialogs.py" line="160"/>
        <source>Revoke a laptop key</source>
        <translation>吊销笔记本密钥</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="166"/>
        <source>Bundles from {inspector}&apos;s laptop “{device}” (key {key}) numbered after the number below will be refused from now on; bundles already imported stay. Received so far: up to no. {last}. Use 0 to refuse every bundle of this key.</source>
        <translation>今后将拒收{inspector}的笔记本“{device}”（密钥 {key}）序号大于下面数字的数据包；已导入的数据包保持不变。目前已收到的最大序号：{last}。填 0 表示拒收这把密钥的所有数据包。</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="183"/>
        <source>Refuse bundles numbered after</source>
        <translation>拒收序号大于</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="193"/>
        <source>Revoke key</source>
        <translation>吊销密钥</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="181"/>
        <source>Why (kept in the revocation history)</source>
        <translation>原因（记入吊销记录）</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="184"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../office/registry_dialogs.py" line="189"/>
        <source>This key is already revoked after no. {seq}. A revocation can only be tightened; use Reinstate to raise or lift it.</source>
        <translation>该密钥已吊销（序号 {seq} 之后拒收）。吊销只能收紧；如需放宽或撤销吊销，请用“恢复…”并写明原因。</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../office/registry_page.py" line="80"/>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="81"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="82"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="85"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="83"/>
        <source>Active</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location filename="../office/registry_page.py" line="84"/>
        <source>Laptops</source>
        <translation>笔记本</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../office/user_dialog.py" line="33"/>
        <source>Who is working?</source>
        <translation>谁在操作？</translation>
    </message>
    <message>
        <location filename="../office/user_dialog.py" line="37"/>
        <source>Every review, rectification, draw and document number records the person who made it. Choose yourself:</source>
        <translation>每项审核、整改、抽签和文号都记录操作人。请选择您自己：</translation>
    </message>
    <message>
        <location filename="../office/user_dialog.py" line="43"/>
        <source>Office users</source>
        <translation>办公室用户</translation>
    </message>
    <message>
        <location filename="../office/user_dialog.py" line="46"/>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
</context>
<context>
    <name>UserSwitch</name>
    <message>
        <location filename="../office/user_dialog.py" line="89"/>
        <source>Switch user</source>
        <translation>切换用户</translation>
    </message>
    <message>
        <location filename="../office/user_dialog.py" line="111"/>
        <source>Working: {name} ({role})</source>
        <translation>当前用户：{name}（{role}）</translation>
    </message>
    <message>
        <location filename="../office/user_dialog.py" line="114"/>
        <source>Nobody chosen: recorded steps are disabled</source>
        <translation>未选择当前用户：需记录操作人的功能已停用</translation>
    </message>
</context>
<context>
    <name>UsersBox</name>
    <message>
        <location filename="../office/users_box.py" line="53"/>
        <source>Office users</source>
        <translation>办公室用户</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="63"/>
        <location filename="../office/users_box.py" line="64"/>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="66"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="69"/>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="73"/>
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="76"/>
        <source>The user can no longer act; the name stays in the records</source>
        <translation>停用后不能再以其名义操作，姓名保留在记录中</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="83"/>
        <source>Each review, rectification, draw and document number records the person working. A record of who did what, not a password protection.</source>
        <translation>每项审核、整改、抽签和文号都记录当前操作人。这是“谁做了什么”的记录，不是密码保护。</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="144"/>
        <source>Added {name} ({role}).</source>
        <translation>已添加 {name}（{role}）。</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="157"/>
        <source>Deactivate user</source>
        <translation>停用用户</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="158"/>
        <source>Deactivate {name}? The user can no longer act; this cannot be undone.</source>
        <translation>停用 {name}？停用后不能再以其名义操作，且无法恢复。</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="169"/>
        <source>{name} is deactivated; the name stays in the records.</source>
        <translation>{name} 已停用，姓名保留在记录中。</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <location filename="../office/users_box.py" line="41"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="42"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="43"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="32"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../office/users_box.py" line="33"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
</context>
<context>
    <name>VerdictsModel</name>
    <message>
        <location filename="../office/verdicts.py" line="24"/>
        <source>Quarantined</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="25"/>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="26"/>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="27"/>
        <source>Already imported</source>
        <translation>已导入过</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="28"/>
        <source>Valid</source>
        <translation>校验通过</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="140"/>
        <source>{value} (claimed)</source>
        <translation>{value}（声称）</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="146"/>
        <source>What the file says: its signature did not verify, so it is not known who sent it</source>
        <translation>文件自己声称的：签名未通过核验，无法确认是谁提交的</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="154"/>
        <source>{inspections} inspection(s) · {findings} finding(s) · {photos} photo(s)</source>
        <translation>检查 {inspections} 次 · 结果 {findings} 条 · 照片 {photos} 张</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="167"/>
        <source>Bundles missing from this laptop: no. {numbers}</source>
        <translation>这台笔记本缺少序号 {numbers} 的数据包</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="173"/>
        <source>{count} photo(s) also sent by another laptop: check who took them</source>
        <translation>{count} 张照片另一台笔记本也提交过：请核实拍摄人</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="179"/>
        <source>{count} inspection time(s) to check: the laptop&apos;s clock may be wrong</source>
        <translation>{count} 处检查时间存疑：笔记本的时钟可能不准</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="189"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="193"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="195"/>
        <source>Inspector</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="197"/>
        <source>Laptop</source>
        <translation>笔记本</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="199"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="204"/>
        <source>New records</source>
        <translation>新增记录</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="205"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../office/verdicts.py" line="210"/>
        <source>Checked</source>
        <translation>核验时间</translation>
    </message>
</context>
</TS>
