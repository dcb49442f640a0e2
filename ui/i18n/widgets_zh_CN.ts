<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dates</name>
    <message>
        <location filename="../widgets/dates.py" line="11"/>
        <source>{count} day</source>
        <translation>{count} 天</translation>
    </message>
    <message>
        <location filename="../widgets/dates.py" line="12"/>
        <source>{count} days</source>
        <translation>{count} 天</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../widgets/messages.py" line="15"/>
        <source>The file could not be read or written. Check that it is still there and that its disk is connected.</source>
        <translation>无法读写文件。请检查文件是否还在、所在磁盘或 U 盘是否已连接。</translation>
    </message>
    <message>
        <location filename="../widgets/messages.py" line="18"/>
        <source>Something unexpected went wrong; the details were written to the log. Please try again.</source>
        <translation>发生意外错误，详情已写入日志。请重试。</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <location filename="../widgets/fields.py" line="83"/>
        <source>Type a path or choose one with Browse….</source>
        <translation>请输入路径，或点“浏览…”选择。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="85"/>
        <source>The path contains control characters (a tab or a line break, say): choose it with Browse….</source>
        <translation>路径中含有控制字符（例如制表符或换行）：请点“浏览…”选择。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="89"/>
        <source>A name in the path is too long for the file system: choose a shorter one with Browse….</source>
        <translation>路径中有名称过长，文件系统无法使用：请点“浏览…”选择较短的名称。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="96"/>
        <source>“{path}” is not a folder that exists.</source>
        <translation>“{path}”不是一个已有的文件夹。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="98"/>
        <source>“{path}” is a folder: give a file name.</source>
        <translation>“{path}”是一个文件夹：请给出文件名。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="102"/>
        <source>“{path}” is not a file that exists.</source>
        <translation>“{path}”不是一个已有的文件。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="105"/>
        <source>The folder “{folder}” does not exist.</source>
        <translation>文件夹“{folder}”不存在。</translation>
    </message>
    <message>
        <location filename="../widgets/fields.py" line="121"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../widgets/photos.py" line="110"/>
        <source>No photos. Drop photo files here.</source>
        <translation>暂无照片。可把照片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="145"/>
        <source>{name}
{width}×{height} px
SHA-256 {sha}…</source>
        <translation>{name}
{width}×{height} 像素
SHA-256 {sha}…</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../widgets/photos.py" line="218"/>
        <source>Photo evidence</source>
        <translation>照片证据</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="221"/>
        <source>Drawing the watermark…</source>
        <translation>正在生成水印…</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="237"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="238"/>
        <source>Taken</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="239"/>
        <source>Original file</source>
        <translation>原始文件</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="242"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="260"/>
        <source>Imported {time} (the photo carries no capture time)</source>
        <translation>导入时间 {time}（照片无拍摄时间）</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="263"/>
        <source>{name} · {width}×{height} px</source>
        <translation>{name} · {width}×{height} 像素</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="297"/>
        <source>Shown without a watermark: {reason}</source>
        <translation>未加水印显示：{reason}</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="311"/>
        <source>The photo could not be shown ({error}).</source>
        <translation>无法显示照片（{error}）。</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <location filename="../widgets/refusals.py" line="12"/>
        <source>This bundle was imported before; nothing was changed.</source>
        <translation>这个数据包已经导入过，未做任何改动。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="13"/>
        <source>The signature is not valid: the file was changed after export, or not signed by a registered key.</source>
        <translation>签名无效：文件在导出后被改动过，或不是由登记的密钥签名。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="16"/>
        <source>The device the file names does not match its registered key.</source>
        <translation>文件所称的设备与登记的密钥不符。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="17"/>
        <source>The content does not match its signed list: the file was changed or damaged. Copy it again.</source>
        <translation>内容与签名清单不符：文件被改动或损坏，请重新拷贝。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="20"/>
        <source>A record does not match its fingerprint: it was changed.</source>
        <translation>有记录与其内容指纹不符：记录被改动过。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="21"/>
        <source>A photo does not match its fingerprint or size: it was changed.</source>
        <translation>有照片与其内容指纹或大小不符：照片被改动过。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="22"/>
        <source>The negative list in the file does not match its version.</source>
        <translation>文件中的负面清单与其版本不符。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="23"/>
        <source>A finding&apos;s revision history is broken or incomplete.</source>
        <translation>某条检查结果的修订记录断开或不完整。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="24"/>
        <source>The bundle does not continue the laptop&apos;s previous bundle: held back for review.</source>
        <translation>这个数据包没有接上该笔记本的上一个数据包，已隔离待查。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="27"/>
        <source>Two different bundles carry the same number from one laptop: its key may be compromised. Held back for review; contact the inspector.</source>
        <translation>同一台笔记本的同一序号出现了两个不同的数据包：其密钥可能已泄露。已隔离待查，请联系督查员。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="32"/>
        <source>The laptop voided an inspection again with a different reason or time: its key may be compromised. Held back for review; contact the inspector.</source>
        <translation>这台笔记本对同一次检查作出了原因或时间不同的作废记录：其密钥可能已泄露。数据包已隔离待查，请联系督查员。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="37"/>
        <source>Records in the file conflict with records already kept here.</source>
        <translation>文件中的记录与本处已有记录冲突。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="38"/>
        <source>The file changes records that belong to another laptop.</source>
        <translation>文件修改了属于另一台笔记本的记录。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="39"/>
        <source>The file contains an invalid record.</source>
        <translation>文件中有无效的记录。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="40"/>
        <source>The file&apos;s signed list is malformed; it may have been changed.</source>
        <translation>文件的签名清单格式有误，可能被改动过。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="41"/>
        <source>A photo in the file cannot be used as evidence.</source>
        <translation>文件中有照片不能作为证据。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="42"/>
        <source>A photo the records need is missing from the file.</source>
        <translation>文件中缺少记录所需的照片。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="43"/>
        <source>A photo&apos;s recorded details do not match the photo.</source>
        <translation>有照片的登记信息与照片本身不符。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="44"/>
        <source>The number of records does not match the signed list.</source>
        <translation>记录数与签名清单不一致。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="45"/>
        <source>An item in the file is larger than allowed.</source>
        <translation>文件中有超出大小上限的数据项。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="46"/>
        <source>The file is larger than allowed.</source>
        <translation>文件超出大小上限。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="47"/>
        <source>Reading the file took more work than allowed; it may be malicious.</source>
        <translation>读取文件超出了允许的计算量，可能是恶意构造的文件。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="48"/>
        <source>The file could not be read. Copy it again.</source>
        <translation>无法读取文件，请重新拷贝。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="49"/>
        <source>The file&apos;s content could not be read.</source>
        <translation>无法读取文件内容。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="50"/>
        <source>The file is empty; the copy may not have finished.</source>
        <translation>文件是空的，可能拷贝未完成。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="51"/>
        <source>The file is incomplete (cut short). Copy it again.</source>
        <translation>文件不完整（被截断），请重新拷贝。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="52"/>
        <source>The file grew while it was read; import it after copying finishes.</source>
        <translation>读取时文件在变大，请拷贝完成后再导入。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="53"/>
        <source>This is not a signed bundle; perhaps the wrong file was chosen.</source>
        <translation>这不是带签名的数据包，可能选错了文件。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="54"/>
        <source>This is not a regular file.</source>
        <translation>这不是普通文件。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="55"/>
        <source>The data in the file is not in the format the app exports.</source>
        <translation>文件中的数据不是本软件导出的格式。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="56"/>
        <location filename="../widgets/refusals.py" line="57"/>
        <source>The data in the file was not written by the app&apos;s export.</source>
        <translation>文件中的数据不是由本软件导出的。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="58"/>
        <source>The data in the file is of another kind or version.</source>
        <translation>文件中的数据类型或版本不符。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="59"/>
        <source>The data in the file is damaged.</source>
        <translation>文件中的数据已损坏。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="60"/>
        <source>The file was made by an older version of the app.</source>
        <translation>文件由旧版本软件生成。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="61"/>
        <source>The file&apos;s version is not valid.</source>
        <translation>文件的版本号无效。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="62"/>
        <source>The task pack has expired.</source>
        <translation>任务包已过期。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="63"/>
        <source>The task pack is not newer than the one already imported.</source>
        <translation>任务包不比已导入的版本新。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="64"/>
        <source>The file is not signed by the office key this laptop trusts.</source>
        <translation>文件不是由本机信任的办公室密钥签发的。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="65"/>
        <source>The file belongs to another office.</source>
        <translation>文件属于另一个办公室。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="66"/>
        <source>The laptop that signed the file is not registered here.</source>
        <translation>签发文件的笔记本没有在本处登记。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="67"/>
        <source>The laptop&apos;s key was revoked before this bundle number.</source>
        <translation>该笔记本的密钥在这个序号之前已被吊销。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="68"/>
        <source>The file refers to a site that is not in the register.</source>
        <translation>文件引用了点位库中没有的点位。</translation>
    </message>
    <message>
        <location filename="../widgets/refusals.py" line="70"/>
        <source>Refused: the file did not pass the checks.</source>
        <translation>已拒收：文件未通过核验。</translation>
    </message>
</context>
<context>
    <name>SiteFields</name>
    <message>
        <location filename="../widgets/site_form.py" line="22"/>
        <source>e.g. Xingfu Road farmers&apos; market</source>
        <translation>如：幸福路农贸市场</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="38"/>
        <source>Who answers for this place</source>
        <translation>负责该点位的单位</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="42"/>
        <source>Site name</source>
        <translation>点位名称</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="43"/>
        <source>Site type</source>
        <translation>点位类型</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="44"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="45"/>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="46"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="47"/>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="50"/>
        <source>Leave empty to number it automatically</source>
        <translation>留空则自动编号</translation>
    </message>
    <message>
        <location filename="../widgets/site_form.py" line="51"/>
        <source>Site code</source>
        <translation>点位编号</translation>
    </message>
</context>
</TS>
