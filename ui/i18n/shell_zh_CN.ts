<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../context.py" line="92"/>
        <source>Choose who is working first (Switch user in the status bar)</source>
        <translation>请先选择当前工作人员（状态栏中的“切换用户”）</translation>
    </message>
    <message>
        <location filename="../context.py" line="98"/>
        <source>{name} is not a user of this office</source>
        <translation>“{name}”不是本办公室的用户</translation>
    </message>
    <message>
        <location filename="../context.py" line="102"/>
        <source>{name} has been deactivated</source>
        <translation>“{name}”已停用</translation>
    </message>
    <message>
        <location filename="../context.py" line="105"/>
        <source>{name} is {role}: only {needed} may do this</source>
        <translation>“{name}”是{role}：此操作只能由{needed}进行</translation>
    </message>
    <message>
        <location filename="../context.py" line="142"/>
        <source>a supervisor</source>
        <translation>督查科人员</translation>
    </message>
    <message>
        <location filename="../context.py" line="143"/>
        <source>a clerk</source>
        <translation>文员</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../app.py" line="178"/>
        <source>Today&apos;s backup failed: {error}</source>
        <translation>今天的备份没有完成：{error}</translation>
    </message>
    <message>
        <location filename="../app.py" line="184"/>
        <source>The weekly check found problems: {summary} (see {command})</source>
        <translation>每周检查发现问题：{summary}（详见 {command}）</translation>
    </message>
    <message>
        <location filename="../app.py" line="199"/>
        <source>The workspace check could not run: {error}</source>
        <translation>工作区检查未能运行：{error}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../crash_dialog.py" line="41"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
<context>
    <name>DamagedWorkspaceDialog</name>
    <message>
        <location filename="../damaged.py" line="51"/>
        <source>The workspace cannot be used</source>
        <translation>工作区无法使用</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="51"/>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="55"/>
        <source>Restore a backup of “{path}”</source>
        <translation>恢复“{path}”的备份</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="57"/>
        <source>The workspace “{path}” cannot be used.</source>
        <translation>工作区“{path}”无法使用。</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="67"/>
        <source>The chosen backup is verified first, then it replaces the workspace&apos;s database; the current database is kept aside in its backups folder, not deleted. Everything recorded after the backup was taken is then only in that kept copy. Cancel opens the workspace again, unchanged.</source>
        <translation>所选备份先经过校验，然后替换工作区的数据库；当前的数据库保存在备份文件夹中，不会删除。备份之后记录的内容此后只在那份保存的副本里。按“取消”则原样重新打开工作区。</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="73"/>
        <source>Nothing more is written to it until it is restored. Restore a backup (the current database is kept aside in its backups folder, not deleted), open another workspace, or quit.</source>
        <translation>在恢复之前不会再向它写入任何内容。可以恢复一个备份（当前的数据库会保存在它的 backups 文件夹中，不会删除）、打开另一个工作区，或退出。</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="81"/>
        <source>No backups of this workspace were found.</source>
        <translation>没有找到这个工作区的备份。</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="85"/>
        <source>Restore the selected backup</source>
        <translation>恢复所选备份</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="88"/>
        <source>Open another workspace…</source>
        <translation>打开另一个工作区…</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="90"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="90"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="138"/>
        <source>Verifying and restoring the backup of {taken}…</source>
        <translation>正在校验并恢复 {taken} 的备份…</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="152"/>
        <source>The backup was not restored: {error}</source>
        <translation>备份没有恢复：{error}</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="158"/>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <location filename="../damaged.py" line="168"/>
        <source>“{path}” is not a workspace folder.</source>
        <translation>“{path}”不是工作区文件夹。</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../first_start.py" line="95"/>
        <source>This folder cannot hold a workspace: choose another with Choose….</source>
        <translation>这个文件夹不能用作工作区：请点“选择…”换一个文件夹。</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="41"/>
        <source>Welcome to Civilized-City Inspector</source>
        <translation>欢迎使用创文督查</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="43"/>
        <source>No workspace is set up on this computer yet. How would you like to start?</source>
        <translation>这台电脑上还没有工作区。请选择开始方式：</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="45"/>
        <source>Open the demo workspace (sample negative list, 66 demo sites)</source>
        <translation>打开演示工作区（示例负面清单，66 个演示点位）</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="46"/>
        <source>Create my field workspace</source>
        <translation>创建我的外勤工作区</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="50"/>
        <source>e.g. Zhang Ming</source>
        <translation>如：张明</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="52"/>
        <source>e.g. I-009</source>
        <translation>如：I-009</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="55"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="62"/>
        <source>Inspector name</source>
        <translation>督查员姓名</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="63"/>
        <source>Inspector ID</source>
        <translation>督查员编号</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="64"/>
        <source>District</source>
        <translation>所属区</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="65"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="73"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="74"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="84"/>
        <source>Workspace folder</source>
        <translation>工作区文件夹</translation>
    </message>
    <message>
        <location filename="../first_start.py" line="107"/>
        <source>Please enter the inspector&apos;s name and ID.</source>
        <translation>请填写督查员姓名和编号。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="45"/>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="39"/>
        <source>Sites</source>
        <translation>点位</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="40"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="41"/>
        <source>Negative list</source>
        <translation>负面清单</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="49"/>
        <source>Exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="42"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="54"/>
        <source>Bundle import</source>
        <translation>数据包导入</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="55"/>
        <source>Inspectors</source>
        <translation>督查员</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="56"/>
        <source>Draws</source>
        <translation>抽签与任务包</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="57"/>
        <source>Problems</source>
        <translation>问题与整改</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="58"/>
        <source>Rankings</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="59"/>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="146"/>
        <source>Civilized-City Inspector</source>
        <translation>创文督查</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="151"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="227"/>
        <source>Workspace: {name}</source>
        <translation>工作区：{name}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="228"/>
        <source>Negative list v{version}…</source>
        <translation>负面清单 v{version}…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="233"/>
        <source>{count} not exported</source>
        <translation>未导出 {count} 条</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="240"/>
        <source>{count} inspection(s) in progress</source>
        <translation>进行中的检查 {count} 次</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="247"/>
        <source>Inspector: {name}</source>
        <translation>督查员：{name}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="259"/>
        <source>The clock is behind the last record: set the date and time</source>
        <translation>电脑时钟早于上一次记录：请校准日期和时间</translation>
    </message>
</context>
</TS>
