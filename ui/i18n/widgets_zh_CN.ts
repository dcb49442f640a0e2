<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../widgets/photos.py" line="109"/>
        <source>No photos. Drop photo files here.</source>
        <translation>暂无照片。可把照片文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="144"/>
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
        <location filename="../widgets/photos.py" line="225"/>
        <source>Photo evidence</source>
        <translation>照片证据</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="228"/>
        <source>Drawing the watermark…</source>
        <translation>正在生成水印…</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="244"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="245"/>
        <source>Taken</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="246"/>
        <source>Original file</source>
        <translation>原始文件</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="249"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="267"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="271"/>
        <source>{time} (the photo carries no capture time)</source>
        <translation>{time}（照片未记录拍摄时间）</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="274"/>
        <source>{name} · {width}×{height} px</source>
        <translation>{name} · {width}×{height} 像素</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="303"/>
        <source>Shown without a watermark: {reason}</source>
        <translation>未加水印显示：{reason}</translation>
    </message>
    <message>
        <location filename="../widgets/photos.py" line="317"/>
        <source>The photo could not be shown ({error}).</source>
        <translation>无法显示照片（{error}）。</translation>
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
