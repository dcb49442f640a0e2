<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../widgets/photos.py" line="97"/>
        <source>No photos. Drop photo files here.</source>
        <translation>暂无照片。可把照片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="132"/>
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
        <location filename="../widgets/photos.py" line="212"/>
        <source>Photo evidence</source>
        <translation>照片证据</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="215"/>
        <source>Drawing the watermark…</source>
        <translation>正在生成水印…</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="231"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="232"/>
        <source>Taken</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="233"/>
        <source>Original file</source>
        <translation>原始文件</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="236"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="254"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="259"/>
        <source>{time} (the photo carries no capture time)</source>
        <translation>{time}（照片未记录拍摄时间）</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="262"/>
        <source>{name} · {width}×{height} px</source>
        <translation>{name} · {width}×{height} 像素</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="290"/>
        <source>Shown without a watermark: {reason}</source>
        <translation>未加水印显示：{reason}</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="300"/>
        <source>The photo could not be shown ({error}).</source>
        <translation>无法显示照片（{error}）。</translation>
    </message>
</context>
</TS>
