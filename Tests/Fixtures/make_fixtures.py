#!/usr/bin/env python3
"""Writes the table and generalisation fixtures f21–f35 (fictional cities) into this folder.

Standard library only (zipfile, datetime), so the binary fixtures (.docx, .xlsx) can be
regenerated anywhere:  python3 Tests/Fixtures/make_fixtures.py
The texts are invented for the tests; no published plan is copied.
"""
import datetime
import os
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    path = os.path.join(HERE, name)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


def zip_bytes(parts):
    """A deterministic ZIP (fixed timestamps, deflated) of {path: text}."""
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in parts:
            info = zipfile.ZipInfo(path, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


# ---------------------------------------------------------------- docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text):
    return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % escape(text)


def table(rows):
    """rows: lists of cells; a cell is text or a dict(text=, span=, vmerge='restart'|'continue')."""
    out = ["<w:tbl><w:tblPr/>"]
    for row in rows:
        out.append("<w:tr>")
        for cell in row:
            if isinstance(cell, str):
                cell = {"text": cell}
            props = ""
            if cell.get("span", 1) > 1:
                props += '<w:gridSpan w:val="%d"/>' % cell["span"]
            if cell.get("vmerge") == "restart":
                props += '<w:vMerge w:val="restart"/>'
            elif cell.get("vmerge") == "continue":
                props += "<w:vMerge/>"
            text = cell.get("text", "")
            out.append("<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (props, para(text) if text else "<w:p/>"))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx(blocks):
    body = "".join(blocks)
    document = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body)
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    return zip_bytes([("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)])


# ---------------------------------------------------------------- xlsx

def col_name(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def serial(y, m, d):
    return (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days


class Date:
    def __init__(self, y, m, d):
        self.value = serial(y, m, d)


class Percent:
    """A fraction shown as a percentage (style 2, numFmtId 9)."""
    def __init__(self, fraction):
        self.value = fraction


def sheet_xml(rows, merges, shared, inline):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>']
    for r, row in enumerate(rows):
        if row is None:
            continue
        out.append('<row r="%d">' % (r + 1))
        for c, value in enumerate(row):
            ref = "%s%d" % (col_name(c), r + 1)
            if value is None or value == "":
                continue
            if isinstance(value, Date):
                out.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, value.value))
            elif isinstance(value, Percent):
                out.append('<c r="%s" s="2"><v>%s</v></c>' % (ref, value.value))
            elif isinstance(value, (int, float)):
                out.append('<c r="%s"><v>%s</v></c>' % (ref, value))
            elif isinstance(value, tuple):
                # Rich text with a phonetic run: (text1, text2, phonetic) as a shared string.
                shared.append(value)
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
            elif inline:
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(value)))
            else:
                shared.append(value)
                out.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(shared) - 1))
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        out.append('<mergeCells count="%d">' % len(merges))
        out.extend('<mergeCell ref="%s"/>' % m for m in merges)
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def xlsx(sheets, inline=False):
    """sheets: list of dict(name=, rows=, merges=[], hidden=False)."""
    shared = []
    parts = []
    workbook = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, sheet in enumerate(sheets):
        state = ' state="hidden"' if sheet.get("hidden") else ""
        workbook.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (escape(sheet["name"]), i + 1, state, i + 1))
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1))
        parts.append(("xl/worksheets/sheet%d.xml" % (i + 1), sheet_xml(sheet["rows"], sheet.get("merges", []), shared, inline)))
    workbook.append("</sheets></workbook>")
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' % (n + 1))
    if shared:
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' % (n + 2))
    rels.append("</Relationships>")
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
              '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
              '<cellXfs count="3"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0" applyNumberFormat="1"/>'
              '<xf numFmtId="9" fontId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    out = [("[Content_Types].xml", types), ("xl/workbook.xml", "".join(workbook)), ("xl/_rels/workbook.xml.rels", "".join(rels)),
           ("xl/styles.xml", styles)] + parts
    if shared:
        items = []
        for s in shared:
            if isinstance(s, tuple):
                items.append('<si><r><t>%s</t></r><r><rPr><b/></rPr><t>%s</t></r><rPh sb="0" eb="1"><t>%s</t></rPh></si>' % tuple(map(escape, s)))
            else:
                items.append("<si><t>%s</t></si>" % escape(s))
        out.append(("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>' % (len(shared), len(shared), "".join(items))))
    return zip_bytes(out)


# ---------------------------------------------------------------- the fixtures

def f21():
    header = ["序号", "项目名称", "建设地点", "建设内容", "年度投资(万元)", "牵头领导", "牵头单位", "配合单位", "完成时限"]
    rows = [
        ["岚溪市2025年民生实事项目汇总表"],
        header,
        ["一、教育文化(2件)"],
        [1, "城区学校扩容", "城东片区", "新建小学2所,新增公办学位2700个", 18600, "周立新", "市教育局", "市财政局、市自然资源和规划局", Date(2025, 8, 31)],
        [2, "社区书房建设", "各街道", "新建社区书房12个", 600, None, "市文化广电旅游局", "各乡、镇人民政府", "2025年10月"],
        ["二、医疗养老(1件)"],
        [3, "居家养老服务提升", "全市", "改造老年助餐点40个", 800, "郑海燕", "市民政局", "市卫生健康委", "2025年11月"],
        [None, None, None, "为2000户特殊困难老年人家庭实施适老化改造", 1200, "郑海燕", None, "市残联", "2025年12月"],
        ["合计", None, None, None, 21200],
    ]
    merges = ["A1:I1", "A3:I3", "F4:F5", "A6:I6", "A7:A8", "B7:B8"]
    guide = [["填表说明"], ["1.本表由各牵头单位填报,每月5日前报市民生办。"], ["2.投资单位为万元。"]]
    old = [["序号", "项目名称", "建设内容", "牵头单位"], [1, "旧项目", "旧内容", "市旧局"]]
    write("f21_xlsx_summary_table.xlsx", xlsx([
        {"name": "填表说明", "rows": guide},
        {"name": "2025年项目", "rows": rows, "merges": merges},
        {"name": "2024年存档", "rows": old, "hidden": True},
    ]))


def f22():
    header = ["序号", "实事名称", "目标任务", "责任单位", "时间节点"]
    town = [
        header,
        [1, "城区供水管网改造", "改造老旧供水管网26公里", "市水务局、市住房城乡建设局", "2025年10月底"],
        [2, "农贸市场提档升级", "提档升级农贸市场9个", "市商务局、市市场监管局", "2025年9月底"],
        [3, "城区停车泊位建设", "新增公共停车泊位1800个", "市城管局", "2025年12月底"],
    ]
    country = [
        header,
        [4, "湖区防洪排涝", "加固堤防14公里,新建泵站3座", "市水利局、人民大垸、荒湖管理区", "2025年6月底"],
        [5, "农村客运公交化", "开通镇村公交线路11条", "市交通运输局、各乡、镇人民政府", "2025年11月底"],
    ]
    write("f22_xlsx_inline_two_sheets.xlsx", xlsx([
        {"name": "城区项目", "rows": town},
        {"name": "乡镇项目", "rows": country},
    ], inline=True))


def f23():
    head = ["序号", "项目名称", "主要内容", "县领导", "牵头单位", "协办单位", "完成时限"]
    rows = [
        head,
        [{"text": "一、民生保障类(3件)", "span": 7}],
        ["1", "城乡低保提标", "城乡低保标准每人每月提高50元", {"text": "吴建华", "vmerge": "restart"}, "县民政局", "县财政局", "2025年7月"],
        ["2", "残疾人康复服务", "为残疾儿童提供康复训练服务320人次", {"vmerge": "continue"}, "县残联", "县卫生健康局", "2025年12月"],
        [{"text": "3", "vmerge": "restart"}, {"text": "就业技能培训", "vmerge": "restart"}, "开展职业技能培训3000人次", "李春梅", "县人力资源社会保障局", "县财政局", "2025年12月"],
        [{"vmerge": "continue"}, {"vmerge": "continue"}, "新增城镇就业2100人以上", "李春梅", "县人力资源社会保障局", "各乡、镇人民政府", "2025年12月"],
        [{"text": "二、城乡建设类(1件)", "span": 7}],
        ["4", "农村公路提质", "新改建农村公路58公里", "黄志远", "县交通运输局", "县自然资源局", "2025年11月"],
    ]
    write("f23_docx_merged_table.docx", docx([
        para("鹤栖县2025年民生实事项目计划"),
        para("为办好群众最关心最直接最现实的利益问题,现将2025年民生实事项目安排如下:"),
        table(rows),
        para("各牵头单位每月底前报送进展情况。"),
    ]))


def f24():
    page = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>枫渡市2025年为民办实事项目计划表</title></head>
<body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article">
<h1>枫渡市2025年为民办实事项目计划表</h1>
<table border="1">
<tr><th>序号</th><th>项目名称</th><th>年度目标</th><th>区政府分管领导</th><th>责任单位</th><th>完成时限</th></tr>
<tr><td colspan="6">一、教育卫生</td></tr>
<tr><td>1</td><td>公办幼儿园扩容</td><td>新增公办幼儿园学位1200个</td><td rowspan="2">何丽娟</td><td>区教育局、区财政局</td><td>2025年9月</td></tr>
<tr><td>2</td><td>基层医疗机构提升</td><td>改造提升社区卫生服务中心5个</td><td>区卫生健康局、区发展改革局</td><td>2025年12月</td></tr>
<tr><td colspan="6">二、城市管理</td></tr>
<tr><td rowspan="2">3</td><td rowspan="2">背街小巷整治</td><td>整治背街小巷38条</td><td rowspan="2">马晓军</td><td>区城管局</td><td>2025年10月</td></tr>
<tr><td>铺设雨污分流管网9公里</td><td>区住房城乡建设局</td><td>2025年11月</td></tr>
</table>
</div>
<div class="footer">版权所有:枫渡市人民政府 ICP备00000000号</div>
</body></html>
"""
    write("f24_html_rowspan_table.html", page)


def f25():
    lines = ["石砚区2025年民生实事项目清单",
             "序号|", "项目名称|", "建设内容|", "牵头单位|", "配合单位|", "完成时限|",
             "1|", "老旧小区改造|", "改造老旧小区21个,惠及居民4300户|", "区住房城乡建设局|", "区财政局、各街道办事处|", "2025年11月|",
             "2|", "社区食堂建设|", "新建社区食堂8个|", "区民政局|", "|", "2025年9月|",
             "3|", "全民健身设施|", "新建口袋公园6个,更新健身器材500件|", "区文化体育局|", "区城管局|", "2025年10月|",
             "请各单位按时报送进展。"]
    write("f25_cell_per_line_bar.txt", "\n".join(lines) + "\n")


def f26():
    text = """琅川市2025年民生实事项目安排表
序号  项目名称  建设内容  牵头单位  责任单位  完成时限
1  城区学校建设  新建中小学3所,新增学位4050个  市教育局  市财政局、各区人民政府  2025年8月
2  医疗服务提升  新建区域医疗中心1个  市卫生健康委  市发展改革委  2025年12月
第 1 页 共 2 页
序号  项目名称  建设内容  牵头单位  责任单位  完成时限
3  养老服务扩容  新增养老床位600张  市民政局  各区人民政府  2025年11月
4  城市道路畅通  打通断头路7条  市住房城乡建设局  市自然资源和规划局  2025年12月
第 2 页 共 2 页
"""
    write("f26_spaced_table_repeated_header_gb18030.txt", text.encode("gb18030"))


def f27():
    text = """望舒县2025年民生实事项目
序号 项目名称 建设内容 牵头单位 责任单位 完成时限
1 城乡供水一体化 新建水厂1座,改造供水管网36公里 县水利局 县财政局、各乡、镇人民政府 2025年12月
2城区停车设施建设 新增公共停车泊位1500个 县住建局 县公安局 2025年10月
3 农村生活垃圾治理 新建乡镇垃圾转运站4座 县城管局 各乡、镇人民政府 2025年11月
"""
    write("f27_run_on_rows.txt", text)


def f28():
    page = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>禾岭市公布2025年十件民生实事</title></head>
<body>
<div class="breadcrumb">首页 &gt; 新闻中心 &gt; 本地新闻</div>
<div class="content">
<h1>禾岭市公布2025年民生实事项目</h1>
<p>来源:禾岭日报 发布时间:2025-02-10</p>
<p>近日,禾岭市2025年民生实事项目正式公布,涵盖教育、健康、养老等领域共5件。</p>
<p>教育文化类(2件)</p>
<p>1.新建改扩建中小学校4所,新增学位3600个。(牵头单位:市教育局;数据提供单位:市统计局)</p>
<p>2.建设城市书房10个。(市文化广电旅游局牵头,各区人民政府配合)</p>
<p>健康养老类(3件)</p>
<p>3.为65岁以上老年人免费体检8万人次。(牵头单位:市卫生健康委;配合单位:市财政局)</p>
<p>4.新增普惠托位900个。(市卫生健康委牵头,市发展改革委、市教育局配合)</p>
<p>5.改造提升乡镇敬老院6所。(牵头单位:市民政局)</p>
<p>(责任编辑:林一)</p>
</div>
<div class="share">分享到:</div>
</body></html>
"""
    write("f28_news_categories.html", page)


def f29():
    text = """洛屿市2025年重点民生工作任务分工
一、陈立群市长主抓重点工作(3项)
1.新增城镇就业2.6万人以上。(牵头单位:市人力资源社会保障局)
2.城镇调查失业率控制在5.5%以内。(牵头单位:市人力资源社会保障局;配合单位:市统计局)
3.新建保障性租赁住房1200套。(牵头单位:市住房城乡建设局)
二、王晓东、刘敏副市长牵头推进事项(2项)
1.改造农村户厕3000户。(牵头单位:市农业农村局)
2.新建乡村公路养护站5个。(牵头单位:市交通运输局)
孙健副市长主抓(1项)
1.城区空气质量优良天数比例达到88%。(牵头单位:市生态环境局)
"""
    write("f29_leader_section_heading.txt", text)


def f30():
    text = """澧川县人民政府办公室关于印发澧川县2025年民生实事实施方案的通知
澧政办发〔2025〕3号
各乡、镇人民政府,人民大垸、荒湖管理区,县政府各部门:
《澧川县2025年民生实事实施方案》已经县人民政府同意,现印发给你们,请认真贯彻执行。
澧川县人民政府办公室
2025年2月20日
澧川县2025年民生实事实施方案
一、主要任务
(一)农村饮水提质。新建改造农村供水工程12处,农村自来水普及率达到98%以上。
责任单位:县水利局、各乡、镇人民政府、人民大垸、荒湖管理区
(二)防汛能力提升。加固病险水库9座。
责任单位:县水利局、县应急管理局、人民大垸、荒湖管理区
(三)乡镇卫生院改造。改造提升乡镇卫生院7所。
责任单位:县卫生健康局、各乡、镇人民政府
二、保障措施
各责任单位要按月报送进展。
"""
    write("f30_shared_suffix_addressee.txt", text)


def f31():
    page = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>琴川市2025年民生實事</title></head>
<body><div class="content">
<p>琴川市2025年民生實(shí)事項(xiàng)目實(shí)施方案</p>
<p>一、教育醫(yī)療</p>
<p>1.新建幼兒(ér)園(yuán)5所,新增學(xué)位1350個(gè)。(牽(qiān)頭(tóu)單(dān)位:市教育局)</p>
<p>2.建設(shè)縣(xiàn)域醫(yī)療衛(wèi)生次中心3個(gè)。(牽(qiān)頭(tóu)單(dān)位:市衛(wèi)生健康委;責(zé)任單(dān)位:市財(cái)政局)</p>
<p>二、養(yǎng)老服務(wù)</p>
<p>3.新增養(yǎng)老床位800張(zhāng)。(牽(qiān)頭(tóu)單(dān)位:市民政局)</p>
</div></body></html>
"""
    write("f31_traditional_pinyin.html", page)


def f32():
    text = """苇塘市2025年为民办实事项目
一、重点项目
1.为适龄妇女免费开展两癌筛查3.5万人。(市卫生健康委牵头,数据提供单位:市统计局、市医保局)
2.新增城乡公益性岗位1500个。(市人力资源社会保障局牵头,市财政局、市农业农村局配合)
3.改造城市燃气老旧管网42公里。(牵头单位:市住房城乡建设局;配合单位:各区人民政府)
4.建成"15分钟便民生活圈"20个。(市商务局,配合单位:市自然资源和规划局)
二、工作要求
各牵头单位于每季度末报送进展。
"""
    write("f32_data_provider_label_gb18030.txt", text.encode("gb18030"))


def f33():
    head = ["序号", "项目名称", "建设内容", "牵头单位", "配合单位", "完成时限"]
    write("f33_docx_repeated_header.docx", docx([
        para("柳湾区2025年民生实事项目表"),
        table([head,
               ["1", "口袋公园建设", "新建口袋公园12个", "区城管局", "区财政局", "2025年9月"],
               ["2", "社区嵌入式服务设施", "建成社区嵌入式服务设施6处", "区民政局", "各街道办事处", "2025年12月"]]),
        para("续表"),
        table([head,
               ["3", "校园安全提升", "为中小学配备专职保安员180名", "区教育局", "区公安分局", "2025年8月"],
               ["4", "公共场所AED配置", "配置自动体外除颤器150台", "区卫生健康局", "", "2025年11月"]]),
    ]))


def f34():
    rows = [
        ["项目名称", "建设内容", "目标值", "责任单位", "完成时限"],
        [("城市", "书房", "chengshi"), "新建城市书房5个", None, "市文化广电旅游局、各区人民政府", "2025年10月"],
        ["公交线网优化", "新开通公交线路8条,更新新能源公交车120辆", None, "市交通运输局", "2025年12月"],
        ["菜市场改造", "改造标准化菜市场15个,农贸市场标准化率达到", Percent(0.95), "市商务局、市市场监管局", "2025年11月"],
    ]
    write("f34_xlsx_no_number_column.xlsx", xlsx([{"name": "Sheet1", "rows": rows}]))


def f35():
    text = "\n".join([
        "桐溪市2025年民生实事项目分解表",
        "序号\t项目名称\t建设内容\t分管领导\t牵头单位\t配合单位\t完成时限",
        "1\t城区排水防涝\t新建雨水管网18公里\t顾长青\t市住房城乡建设局\t市水务局\t2025年6月",
        "\t\t改造易涝点位11处\t\t\t市城管局\t2025年8月",
        "2\t农村道路安全\t新建农村公路安防设施260公里\t\t市交通运输局\t市公安局\t2025年11月",
        "3\t无障碍环境建设\t改造无障碍设施900处\t潘小雨\t市残联\t市住房城乡建设局\t2025年12月",
        "合计\t\t\t\t\t\t",
    ]) + "\n"
    write("f35_tab_table_subrows.txt", text)


def f36():
    text = """荻浦市2025年民生实事项目
序号项目名称建设内容牵头单位配合单位完成时限
1城区学校扩容新建小学2所,新增学位2700个市教育局市财政局、市自然资源和规划局2025年8月
2社区卫生服务提升建设社区卫生服务中心6个市卫生健康委各区人民政府2025年12月底
3背街小巷整治整治背街小巷38条市城区管理局市住房城乡建设局2025年10月
4老年助餐改造老年助餐点40个市民政局2025年11月
"""
    write("f36_run_on_cells.txt", text)


if __name__ == "__main__":
    for make in [f21, f22, f23, f24, f25, f26, f27, f28, f29, f30, f31, f32, f33, f34, f35, f36]:
        make()
