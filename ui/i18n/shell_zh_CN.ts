<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppController</name>
    <message>
        <location filename="../app.py" line="67"/>
        <source>Cannot open workspace</source>
        <translation>无法打开工作区</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../crash_dialog.py" line="38"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../first_start.py" line="40"/>
        <source>Welcome to Civilized-City Inspector</source>
        <translation>欢迎使用创文督查</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="42"/>
        <source>No workspace is set up on this computer yet. How would you like to start?</source>
        <translation>这台电脑上还没有工作区。请选择开始方式：</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="44"/>
        <source>Open the demo workspace (sample negative list, 66 demo sites)</source>
        <translation>打开演示工作区（示例负面清单，66 个演示点位）</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="45"/>
        <source>Create my field workspace</source>
        <translation>创建我的外勤工作区</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="49"/>
        <source>e.g. Zhang Ming</source>
        <translation>如：张明</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="51"/>
        <source>e.g. I-009</source>
        <translation>如：I-009</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="54"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="61"/>
        <source>Inspector name</source>
        <translation>督查员姓名</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="62"/>
        <source>Inspector ID</source>
        <translation>督查员编号</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="63"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="64"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="72"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="73"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="82"/>
        <source>Workspace folder</source>
        <translation>工作区文件夹</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="102"/>
        <source>Please enter the inspector&apos;s name and ID.</source>
        <translation>请填写督查员姓名和编号。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="35"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="29"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="30"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="31"/>
        <source>Negative list</source>
        <translation>负面清单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="39"/>
        <source>Exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="32"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="44"/>
        <source>Bundle import</source>
        <translation>数据包导入</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="45"/>
        <source>Inspectors</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="46"/>
        <source>Draws</source>
        <translation>抽签与任务包</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="47"/>
        <source>Problems</source>
        <translation>问题与整改</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="48"/>
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="49"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="78"/>
        <source>Civilized-City Inspector</source>
        <translation>创文督查</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="159"/>
        <source>Workspace: {name}</source>
        <translation>工作区：{name}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="160"/>
        <source>Negative list v{version}…</source>
        <translation>负面清单 v{version}…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="165"/>
        <source>{count} not exported</source>
        <translation>未导出 {count} 条</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="172"/>
        <source>{count} inspection(s) in progress</source>
        <translation>进行中的检查 {count} 次</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="179"/>
        <source>Inspector: {name}</source>
        <translation>督查员：{name}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="191"/>
        <source>The clock is behind the last record: set the date and time</source>
        <translation>电脑时钟早于上一次记录：请校准日期和时间</translation>
    </message>
</context>
</TS>
