<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExchangePage</name>
    <message>
        <location filename="../exchange/exchange_page.py" line="64"/>
        <source>Exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="70"/>
        <source>Export bundle…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="80"/>
        <source>Bundles for the office</source>
        <translation>交给办公室的数据包</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="111"/>
        <source>Exported bundles: {count}</source>
        <translation>已导出的数据包：{count} 个</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="132"/>
        <source>Bundle no. {seq} written to {path}.</source>
        <translation>第 {seq} 号数据包已写入 {path}。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../exchange/export_dialog.py" line="35"/>
        <source>Collecting the records not yet exported…</source>
        <translation>正在整理尚未导出的记录…</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="36"/>
        <source>Copying photos: {done} of {total}…</source>
        <translation>正在复制照片：{done}/{total}…</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="37"/>
        <source>Signing and writing the bundle…</source>
        <translation>正在签名并写入数据包…</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="38"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="53"/>
        <source>Everything has been exported.</source>
        <translation>所有记录都已导出。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="54"/>
        <source>Not yet exported: {inspections} inspection(s), {findings} finding(s) ({revisions} revision(s)).</source>
        <translation>尚未导出：{inspections} 次检查、{findings} 条检查结果（{revisions} 个修订）。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="71"/>
        <source>Export a bundle</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="86"/>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="88"/>
        <source>The passphrase of this laptop&apos;s key</source>
        <translation>本机签名密钥的口令</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="89"/>
        <source>Export every record again (the office ignores what it already has)</source>
        <translation>重新导出全部记录（办公室会忽略已有的记录）</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="91"/>
        <source>Choose a USB stick or a shared folder; the file name says whose bundle it is.</source>
        <translation>可选择U盘或共享文件夹；文件名标明是谁的数据包。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="95"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="97"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="99"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="101"/>
        <location filename="../exchange/export_dialog.py" line="121"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="139"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="158"/>
        <source>Choose a folder that exists (a USB stick or a shared folder).</source>
        <translation>请选择一个存在的文件夹（U盘或共享文件夹）。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="161"/>
        <source>Type the passphrase of this laptop&apos;s key.</source>
        <translation>请输入本机签名密钥的口令。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="199"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="222"/>
        <source>Bundle no. {seq} is written</source>
        <translation>第 {seq} 号数据包已导出</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="226"/>
        <source>{path}
{inspections} inspection(s), {findings} finding(s), {photos} photo(s), {size}. Take the file to the office; it can be copied freely, the signature protects it.</source>
        <translation>{path}
{inspections} 次检查、{findings} 条检查结果、{photos} 张照片，{size}。请把文件交给办公室；文件可以随意复制，签名保证它不被篡改。</translation>
    </message>
    <message>
        <location filename="../exchange/export_dialog.py" line="250"/>
        <source>The export was cancelled. Nothing was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
</context>
<context>
    <name>ExportsModel</name>
    <message>
        <location filename="../exchange/exchange_page.py" line="23"/>
        <source>Full</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="23"/>
        <source>New only</source>
        <translation>增量</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="32"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="33"/>
        <source>Exported</source>
        <translation>导出时间</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="34"/>
        <source>Kind</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="36"/>
        <source>Inspections</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="42"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="45"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="48"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../exchange/exchange_page.py" line="51"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>KeyBox</name>
    <message>
        <location filename="../exchange/key_box.py" line="38"/>
        <source>Signing key and registration</source>
        <translation>签名密钥与登记</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="43"/>
        <source>Set passphrase…</source>
        <translation>设置口令…</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="45"/>
        <source>Change passphrase…</source>
        <translation>修改口令…</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="47"/>
        <source>Export registration file…</source>
        <translation>导出登记文件…</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="49"/>
        <source>Import trust file…</source>
        <translation>导入信任文件…</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="69"/>
        <source>This laptop&apos;s key: {key} (created {date}).</source>
        <translation>本机密钥：{key}（{date} 创建）。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="74"/>
        <source>No signing key yet: set a passphrase before the first export.</source>
        <translation>还没有签名密钥：第一次导出前请先设置口令。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="77"/>
        <source>Trusts the office key of “{office}”: {key} (since {date}).</source>
        <translation>已信任“{office}”的办公室密钥：{key}（{date} 起）。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="86"/>
        <source>Not registered with the office yet: export the registration file, then import the trust file the office gives back.</source>
        <translation>尚未在办公室登记：请导出登记文件交给督查科，再导入督查科返回的信任文件。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="106"/>
        <source>The passphrase is set. Type it each time you export.</source>
        <translation>口令已设置。每次导出时都需要输入口令。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="118"/>
        <source>Registration file written: {path}. Give it to the office.</source>
        <translation>登记文件已写入：{path}。请交给督查科。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="123"/>
        <source>Import the office trust file</source>
        <translation>导入办公室信任文件</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="123"/>
        <source>Trust files (*.json);;All files (*)</source>
        <translation>信任文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="153"/>
        <source>Another office key</source>
        <translation>不同的办公室密钥</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="174"/>
        <source>The trust file was not imported; the office key stays as it was.</source>
        <translation>未导入信任文件，办公室密钥保持不变。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="182"/>
        <source>The office key of “{office}” is pinned: task packs signed by it can be imported.</source>
        <translation>已信任“{office}”的办公室密钥：由它签发的任务包可以导入。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="155"/>
        <source>This trust file names another office key, and the key this laptop trusts did not hand over to it.</source>
        <translation>这份信任文件中的办公室密钥与本机信任的不同，且没有本机信任的密钥签名的交接证明。</translation>
    </message>
    <message>
        <location filename="../exchange/key_box.py" line="162"/>
        <source>Reset this laptop&apos;s trust? It will stop trusting office key {current} and trust key {offered}; task packs signed by {current} will be refused, and bundles will be for the new key&apos;s office only. Do this only when the office has told you so in person.</source>
        <translation>要重置本机的信任吗？本机将不再信任办公室密钥 {current}，改为信任密钥 {offered}；此后由 {current} 签发的任务包都会被拒收，导出的数据包只有新密钥的办公室接收。请只在督查科当面告知时这样做。</translation>
    </message>
</context>
<context>
    <name>PacksModel</name>
    <message>
        <location filename="../exchange/taskpack_box.py" line="35"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="37"/>
        <source>Period</source>
        <translation>周期</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="38"/>
        <source>Mode</source>
        <translation>检查方式</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="39"/>
        <source>Tasks</source>
        <translation>任务数</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="40"/>
        <source>Expires</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="42"/>
        <source>Draw seed</source>
        <translation>抽签种子</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="44"/>
        <source>Candidate list hash: {hash}</source>
        <translation>候选名单哈希：{hash}</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../exchange/passphrase.py" line="28"/>
        <source>Set the passphrase</source>
        <translation>设置口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="28"/>
        <source>Change the passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="32"/>
        <source>Bundles, registration files and task packs are signed with this workspace&apos;s key. The key is kept only encrypted under a passphrase that you type each time you sign: at least {count} characters, not written down on the laptop. If it is forgotten the key cannot be recovered and the office must register a new one.</source>
        <translation>数据包、登记文件和任务包都用本工作区的密钥签名。密钥只以口令加密保存，每次签名时输入口令：至少 {count} 个字符，不要写在电脑上。口令遗忘后密钥无法找回，需要督查科重新登记新密钥。</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="38"/>
        <source>The key stays the same; only the passphrase that protects it changes.</source>
        <translation>密钥不变，只更换保护它的口令。</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="42"/>
        <source>At least {count} characters</source>
        <translation>至少 {count} 个字符</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="46"/>
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="47"/>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="47"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="48"/>
        <source>Type it again</source>
        <translation>再输入一次</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="52"/>
        <source>Create key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="52"/>
        <source>Change passphrase</source>
        <translation>修改口令</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="55"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../exchange/passphrase.py" line="70"/>
        <source>The two passphrases are not the same. Type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <location filename="../exchange/registration.py" line="37"/>
        <source>Export the registration file</source>
        <translation>导出登记文件</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="41"/>
        <source>The registration file carries your name, this laptop&apos;s id and the public half of its key. Give it to the office; they answer with a trust file to import here.</source>
        <translation>登记文件包含您的姓名、本机编号和密钥的公钥部分。请交给督查科，督查科会返回一份信任文件，在这里导入。</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="46"/>
        <source>Save the registration file in</source>
        <translation>登记文件保存到</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="50"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="51"/>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="53"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="55"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="75"/>
        <source>Choose a folder that exists.</source>
        <translation>请选择一个存在的文件夹。</translation>
    </message>
    <message>
        <location filename="../exchange/registration.py" line="85"/>
        <source>Signing…</source>
        <translation>正在签名…</translation>
    </message>
</context>
<context>
    <name>TaskPackBox</name>
    <message>
        <location filename="../exchange/taskpack_box.py" line="22"/>
        <source>Refused: an older task pack</source>
        <translation>已拒收：任务包版本过旧</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="23"/>
        <source>Refused: the task pack has expired</source>
        <translation>已拒收：任务包已过期</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="24"/>
        <source>Refused: not from the office this laptop trusts</source>
        <translation>已拒收：不是本机信任的办公室签发的</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="25"/>
        <source>Refused: the signature does not match</source>
        <translation>已拒收：签名不符</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="59"/>
        <source>Task packs from the office</source>
        <translation>办公室下发的任务包</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="60"/>
        <source>Import task pack…</source>
        <translation>导入任务包…</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="62"/>
        <source>Imported tasks appear on the Tasks page.</source>
        <translation>导入的任务显示在“任务”页。</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="86"/>
        <source>Import a task pack</source>
        <translation>导入任务包</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="88"/>
        <source>Task packs (*{ext});;All files (*)</source>
        <translation>任务包 (*{ext});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="105"/>
        <source>Checking the task pack…</source>
        <translation>正在核验任务包…</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="113"/>
        <source>Task pack v{version} was imported before; nothing changed.</source>
        <translation>任务包 v{version} 已经导入过，未做任何改动。</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="117"/>
        <source>Task pack v{version} imported: {tasks} task(s), {mine} of them for you.</source>
        <translation>任务包 v{version} 已导入：共 {tasks} 项任务，其中 {mine} 项是您的。</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="130"/>
        <source>Refused</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../exchange/taskpack_box.py" line="132"/>
        <source>{headline}: {reason}</source>
        <translation>{headline}：{reason}</translation>
    </message>
</context>
</TS>
