//go:build ignore

// gen_fixtures writes the extract package's fixtures and the project's demo
// drafts, so that both can be rebuilt and reviewed as source:
//
//	cd corpus/extract/testdata && go run gen_fixtures.go
//
// .docx files are assembled here from XML text; PDFs are printed by headless
// Chromium (and one by LibreOffice) from HTML written here; .doc/.xls come
// from LibreOffice. Chromium, LibreOffice and fonts-noto-cjk must be
// installed. Output is deterministic for the .docx/.txt/.md files (fixed zip
// timestamps); the PDFs carry the tools' own dates.
package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"html"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const drafts = "../../../testdata/drafts"

func main() {
	must(os.MkdirAll(drafts, 0o755))
	cun := cunguiminyue()
	write("村规民约.docx", cun)
	write(filepath.Join(drafts, "村规民约-自动编号.docx"), cun)
	write("规范性文件.docx", normativeDocx())
	write("核心属性标题.docx", coreTitleDocx())
	write("加密文档.docx", encryptedOOXML())

	// PDFs
	pdfHTML := normativeHTML()
	write("规范性文件.html", []byte(pdfHTML))
	chromiumPDF("规范性文件.html", "规范性文件.pdf")
	copyFile("规范性文件.pdf", filepath.Join(drafts, "规范性文件.pdf"))
	soffice("pdf", "规范性文件.docx", "规范性文件-libreoffice.pdf")
	scannedPDF()
	encryptedPDF()
	soffice("doc", "村规民约.docx", "村规民约.doc")
	write("表格.xlsx", xlsx())
	write("表格.xls", cfb([]stream{{"Workbook", bytes.Repeat([]byte{0x09, 0x08, 0x10, 0x00}, 1024)}}))

	// text
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(decisionText)
	must(err)
	write("决定-GBK.txt", []byte(gbk))
	write(filepath.Join(drafts, "决定-GBK.txt"), []byte(gbk))
	write("居民公约.md", []byte(conventionMD))
	write(filepath.Join(drafts, "居民公约.md"), []byte(conventionMD))
	write("通知-UTF8-BOM.txt", append([]byte{0xEF, 0xBB, 0xBF}, []byte(strings.ReplaceAll(noticeText, "\n", "\r\n"))...))
	write("通知-UTF16LE.txt", utf16Bytes(noticeText, false))
	write("通知-UTF16BE.txt", utf16Bytes(noticeText, true))
}

// ---------- 村规民约 ----------

func cunguiminyue() []byte {
	d := newDocx()
	d.core = "青山村村规民约（修订稿）"
	d.styles = stylesXML(`
  <w:style w:type="paragraph" w:styleId="ArticleText"><w:name w:val="条文"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:firstLine="640"/></w:pPr></w:style>`)
	d.numbering = numberingXML(`
  <w:abstractNum w:abstractNumId="0">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="ArticleText"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/><w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/><w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>`, `
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`)
	d.header = "青山村村务公开资料"
	d.footer = "村务监督委员会监制"
	d.comment = "建议删除此条（镇司法所）"
	d.footnote = "参见《中华人民共和国妇女权益保障法》"

	b := &d.body
	b.p(pp{style: "Title", jc: "center"}, r("青山村村规民约"))
	b.p(pp{jc: "center"}, r("（2024年3月15日青山村村民代表会议讨论通过）"))
	art := func(runs ...string) { b.p(pp{style: "ArticleText"}, runs...) }
	item := func(text string) { b.p(pp{numID: "1", ilvl: "1"}, r(text)) }
	ch := func(text string) { b.p(pp{style: "Heading1", jc: "center"}, r(text)) }

	ch("第一章　总则")
	art(r("为了推进村民自治，维护本村生产生活秩序，建设文明和谐的美丽乡村，根据《中华人民共和国村民委员会组织法》等法律法规和国家政策，结合本村实际，制定本村规民约。"))
	art(r("本村规民约适用于本村全体村民，以及在本村居住、从事生产经营活动的其他人员。"))
	art(r("村民享有法律法规规定的各项权利，应当履行法律法规规定的义务，自觉遵守本村规民约。"))
	ch("第二章　社会治安")
	art(r("村民应当自觉学法、知法、守法，积极同违法犯罪行为作斗争。"))
	art(r("村民之间发生纠纷，应当本着互谅互让的原则协商解决；协商不成的，可以申请村人民调解委员会调解，也可以依法申请仲裁或者向人民法院提起诉讼。"))
	art(r("严禁赌博、吸毒和封建迷信活动。违者罚款"), del("五百元"), ins("200元"), r("，并由村民委员会报告公安机关依法处理。"))
	art(r("爱护公共财物，不得损坏水利、道路、电力、通信等公共设施。"))
	ch("第三章　村风民俗")
	art(r("提倡移风易俗，红白喜事从简办理，反对大操大办、铺张浪费。"))
	art(r("村民应当尊老爱幼，"), ins("依法"), r("赡养老人，不得虐待、遗弃家庭成员。"))
	art(r("提倡男女平等、婚姻自由，反对包办、买卖婚姻。"))
	ch("第四章　土地与集体经济")
	art(r("村集体所有的土地、山林、水面等资源，由村民委员会依法管理，任何人不得侵占。"))
	art(r("村民建房应当依法办理审批手续，服从村庄规划，不得占用永久基本农田。"))
	art(r("本村集体经济组织收益分配方案，由村民会议讨论决定。"))
	art(r("本村出嫁女户口未迁出的，不再享有村集体收益分配；其子女户口随迁入本村的，亦不参与分配。"), commentRef(), footnoteRef())
	ch("第五章　环境卫生")
	art(r("村民应当维护村容村貌，做好以下工作："))
	item("生活垃圾分类投放到指定地点；")
	item("不得在房前屋后乱堆乱放柴草、建筑材料；")
	item("畜禽实行圈养，不得散放。")
	art(r("禁止在河道、沟渠内倾倒垃圾和排放污水。"))
	art(r("实行“门前三包”责任制，各户负责门前的卫生、绿化和秩序，责任分区如下表："))
	b.table([][]string{{"片区", "责任人", "范围"}, {"东片", "李某某", "村委会至东桥"}, {"西片", "王某某", "西桥至村小学"}})
	ch("第六章　附则")
	art(r("对违反本村规民约的，由村民委员会进行批评教育，责令改正；情节严重的，停止享受村集体提供的福利待遇，并在村务公开栏通报。"))
	art(r("本村规民约由村民委员会负责解释。"), textbox("村规民约监督电话：0571-0000000"))
	art(r("本村规民约自通过之日起施行，并报镇人民政府备案。"))
	b.p(pp{jc: "right"}, r("青山村村民委员会"))
	b.p(pp{jc: "right"}, r("2024年3月15日"))
	return d.zip()
}

// ---------- 规范性文件 (docx): numbering formats, outline levels, nested table ----------

func normativeDocx() []byte {
	d := newDocx()
	d.core = ""
	d.styles = stylesXML("")
	d.numbering = numberingXML(`
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircleChinese"/><w:lvlText w:val="%4"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="japaneseCounting"/><w:lvlText w:val="第%1项"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="13">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
  </w:abstractNum>`, `
  <w:num w:numId="2"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="12"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
  <w:num w:numId="5"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="13"/></w:num>`)

	b := &d.body
	h := func(text string) { b.p(pp{numID: "2", ilvl: "0", outline: "0"}, r(text)) }
	sub := func(text string) { b.p(pp{numID: "2", ilvl: "1"}, r(text)) }
	dec := func(text string) { b.p(pp{numID: "2", ilvl: "2"}, r(text)) }
	body := func(runs ...string) { b.p(pp{}, runs...) }

	b.p(pp{jc: "center"}, r("柳河镇人民政府关于进一步加强农村人居环境整治工作的实施意见"))
	b.p(pp{jc: "center"}, r("（征求意见稿）"))
	body(r("各村（社区）、镇直各单位："))
	body(r("　　为深入推进农村人居环境整治，建设宜居宜业和美乡村，"), hidden("【内部备注：此句待定】"), r("结合本镇实际，提出如下实施意见。"))
	h("总体要求")
	body(r("以村庄清洁行动为抓手，坚持因地制宜、分类指导，坚持村民主体、共建共享。"))
	h("重点任务")
	sub("推进生活垃圾治理。")
	dec("每个自然村至少设置一处垃圾集中收集点；")
	dec("推行垃圾分类，")
	b.p(pp{numID: "2", ilvl: "3"}, r("可回收物由村保洁员定期回收；"))
	b.p(pp{numID: "2", ilvl: "3"}, r("有害垃圾单独存放。"))
	sub("推进生活污水治理。")
	dec("新建农房应当配套建设化粪池。")
	sub("推进村容村貌提升。")
	h("保障措施")
	body(r("各村应当明确以下责任人："))
	b.p(pp{numID: "3"}, r("村党组织书记为第一责任人；"))
	b.p(pp{numID: "3"}, r("村民委员会主任为直接责任人；"))
	b.p(pp{numID: "3"}, r("包村干部为督导责任人。"))
	body(r("考核事项接续上年编号："))
	b.p(pp{numID: "4"}, r("村庄保洁；"))
	b.p(pp{numID: "4"}, r("厕所改造。"))
	body(r("另行规定的事项："))
	b.p(pp{numID: "5", ilvl: "2"}, r("由镇农业农村办公室另行制定考核细则；"))
	b.p(pp{numID: "5", ilvl: "2"}, r("对整治不力的村，取消其年度评先评优资格，并处以5000元罚款。"))
	b.p(pp{numID: "6"}, r("附件材料随文印发"))
	b.table([][]string{{"村名", "任务"}, {"柳河村", "\x00NESTED"}, {"石桥村", "污水治理"}})
	body(r("联系人：张某"), tab(), r("电话：0000-1234567"))
	b.p(pp{jc: "right"}, r("柳河镇人民政府"), br(), r("2024年5月10日"))
	return d.zip()
}

// coreTitleDocx has no styled or centered paragraph: the title comes from
// docProps/core.xml.
func coreTitleDocx() []byte {
	d := newDocx()
	d.core = "关于开展春季植树活动的通知"
	d.styles = stylesXML("")
	d.numbering = ""
	b := &d.body
	b.p(pp{}, r("各村民小组："))
	b.p(pp{}, r("为改善村庄生态环境，定于3月12日组织全体村民开展春季植树活动，请各组做好准备。"))
	b.p(pp{}, r("特此通知。"))
	return d.zip()
}

// ---------- docx assembly ----------

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"`

type docx struct {
	body                              bodyBuilder
	styles, numbering, core           string
	header, footer, comment, footnote string
}

func newDocx() *docx { return &docx{} }

type bodyBuilder struct{ strings.Builder }

type pp struct{ style, numID, ilvl, outline, jc string }

func (b *bodyBuilder) p(props pp, runs ...string) { b.WriteString(para(props, runs...)) }

func para(props pp, runs ...string) string {
	var s strings.Builder
	s.WriteString("<w:p><w:pPr>")
	if props.style != "" {
		fmt.Fprintf(&s, `<w:pStyle w:val="%s"/>`, props.style)
	}
	if props.numID != "" {
		s.WriteString("<w:numPr>")
		if props.ilvl != "" {
			fmt.Fprintf(&s, `<w:ilvl w:val="%s"/>`, props.ilvl)
		}
		fmt.Fprintf(&s, `<w:numId w:val="%s"/></w:numPr>`, props.numID)
	}
	if props.outline != "" {
		fmt.Fprintf(&s, `<w:outlineLvl w:val="%s"/>`, props.outline)
	}
	if props.jc != "" {
		fmt.Fprintf(&s, `<w:jc w:val="%s"/>`, props.jc)
	}
	s.WriteString(`<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:pPr>`)
	for _, r := range runs {
		s.WriteString(r)
	}
	s.WriteString("</w:p>")
	return s.String()
}

func esc(s string) string { return html.EscapeString(s) }

func r(text string) string {
	return `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}
func hidden(text string) string {
	return `<w:r><w:rPr><w:vanish/></w:rPr><w:t>` + esc(text) + `</w:t></w:r>`
}
func tab() string { return `<w:r><w:tab/></w:r>` }
func br() string  { return `<w:r><w:br/></w:r>` }
func ins(text string) string {
	return `<w:ins w:id="101" w:author="镇司法所" w:date="2024-03-10T09:00:00Z">` + r(text) + `</w:ins>`
}
func del(text string) string {
	return `<w:del w:id="102" w:author="镇司法所" w:date="2024-03-10T09:00:00Z"><w:r><w:delText>` + esc(text) + `</w:delText></w:r></w:del>`
}
func commentRef() string {
	return `<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`
}
func footnoteRef() string {
	return `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>`
}

// textbox is a DrawingML text box with the VML fallback Word writes for old
// readers: the same text twice, which must be extracted once.
func textbox(text string) string {
	inner := para(pp{}, r(text))
	return `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="2000000" cy="400000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>` +
		inner + `</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框1" style="width:157pt;height:31pt"><v:textbox><w:txbxContent>` +
		inner + `</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
}

// table writes a table; a cell "\x00NESTED" holds a nested table.
func (b *bodyBuilder) table(rows [][]string) {
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>`)
	for _, row := range rows {
		b.WriteString("<w:tr>")
		for _, cell := range row {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>`)
			if cell == "\x00NESTED" {
				b.WriteString(para(pp{}, r("垃圾治理")))
				b.table([][]string{{"子项", "完成时限"}, {"收集点建设", "6月底前"}})
				b.WriteString(para(pp{}, r("厕所改造")))
			} else {
				b.WriteString(para(pp{}, r(cell)))
			}
			b.WriteString("</w:tc>")
		}
		b.WriteString("</w:tr>")
	}
	b.WriteString("</w:tbl>")
}

func stylesXML(extra string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + nsW + `>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>
  <w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>` + extra + `
</w:styles>`
}

func numberingXML(abstract, nums string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ` + nsW + `>` + abstract + nums + `
</w:numbering>`
}

func (d *docx) zip() []byte {
	files := []struct{ name, body string }{}
	add := func(name, body string) { files = append(files, struct{ name, body string }{name, body}) }
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
  <Default Extension="xml" ContentType="application/xml"/>
  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
  <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`
	if d.numbering != "" {
		ct += `
  <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>`
	}
	if d.header != "" {
		ct += `
  <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
  <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>
  <Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
  <Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`
	}
	ct += `
  <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`
	add("[Content_Types].xml", ct)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`)
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`
	if d.numbering != "" {
		rels += `
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>`
	}
	sect := `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`
	if d.header != "" {
		rels += `
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
  <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
  <Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>`
		sect = `<w:sectPr><w:headerReference w:type="default" r:id="rId3"/><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>`
		add("word/header1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr `+nsW+`>`+para(pp{jc: "center"}, r(d.header))+`</w:hdr>`)
		add("word/footer1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr `+nsW+`>`+para(pp{jc: "center"}, r(d.footer))+`</w:ftr>`)
		add("word/comments.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments `+nsW+`><w:comment w:id="0" w:author="镇司法所" w:date="2024-03-10T09:00:00Z" w:initials="SF">`+para(pp{}, r(d.comment))+`</w:comment></w:comments>`)
		add("word/footnotes.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes `+nsW+`><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1">`+para(pp{}, r(d.footnote))+`</w:footnote></w:footnotes>`)
	}
	rels += `
</Relationships>`
	add("word/_rels/document.xml.rels", rels)
	add("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document `+nsW+`><w:body>`+d.body.String()+sect+`</w:body></w:document>`)
	add("word/styles.xml", d.styles)
	if d.numbering != "" {
		add("word/numbering.xml", d.numbering)
	}
	add("docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`+esc(d.core)+`</dc:title><dc:creator>青山村</dc:creator></cp:coreProperties>`)
	return zipFiles(files)
}

func zipFiles(files []struct{ name, body string }) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	stamp := time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: stamp})
		must(err)
		_, err = w.Write([]byte(f.body))
		must(err)
	}
	must(zw.Close())
	return buf.Bytes()
}

// encryptedOOXML writes the compound file Office makes of a password
// protected .docx: an OLE2 container with EncryptionInfo and
// EncryptedPackage streams (the payload here is filler, not real AES).
func encryptedOOXML() []byte {
	info := bytes.Repeat([]byte{0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00}, 4096/8)
	pkg := bytes.Repeat([]byte("lawreview-encrypted-package-filler."), 8192/35+1)[:8192]
	return cfb([]stream{{"EncryptionInfo", info}, {"EncryptedPackage", pkg}})
}

type stream struct {
	name string
	data []byte
}

// cfb writes a minimal version 3 compound file: one FAT sector, one
// directory sector, streams of at least 4096 bytes in regular sectors, the
// streams chained as right siblings in name order (length, then code units).
func cfb(streams []stream) []byte {
	const sec = 512
	fat := make([]uint32, sec/4)
	for i := range fat {
		fat[i] = 0xFFFFFFFF
	}
	fat[0], fat[1] = 0xFFFFFFFD, 0xFFFFFFFE
	next := 2
	starts := make([]int, len(streams))
	for si, st := range streams {
		n := (len(st.data) + sec - 1) / sec
		starts[si] = next
		for i := 0; i < n; i++ {
			if i == n-1 {
				fat[next+i] = 0xFFFFFFFE
			} else {
				fat[next+i] = uint32(next + i + 1)
			}
		}
		next += n
	}
	var out bytes.Buffer
	hdr := make([]byte, 512)
	copy(hdr, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(hdr[0x18:], 0x3E)
	le.PutUint16(hdr[0x1A:], 3)
	le.PutUint16(hdr[0x1C:], 0xFFFE)
	le.PutUint16(hdr[0x1E:], 9)
	le.PutUint16(hdr[0x20:], 6)
	le.PutUint32(hdr[0x2C:], 1)          // FAT sectors
	le.PutUint32(hdr[0x30:], 1)          // first directory sector
	le.PutUint32(hdr[0x38:], 4096)       // mini stream cutoff
	le.PutUint32(hdr[0x3C:], 0xFFFFFFFE) // no mini FAT
	le.PutUint32(hdr[0x44:], 0xFFFFFFFE) // no DIFAT sectors
	for i := 0; i < 109; i++ {
		le.PutUint32(hdr[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(hdr[0x4C:], 0)
	out.Write(hdr)
	for _, v := range fat {
		binary.Write(&out, le, v)
	}
	dir := make([]byte, sec)
	none := uint32(0xFFFFFFFF)
	entry := func(i int, name string, typ byte, right, child uint32, start uint32, size uint64) {
		e := dir[i*128 : (i+1)*128]
		u := utf16.Encode([]rune(name))
		for j, c := range u {
			le.PutUint16(e[2*j:], c)
		}
		le.PutUint16(e[0x40:], uint16(2*(len(u)+1)))
		e[0x42], e[0x43] = typ, 1
		le.PutUint32(e[0x44:], none)
		le.PutUint32(e[0x48:], right)
		le.PutUint32(e[0x4C:], child)
		le.PutUint32(e[0x74:], start)
		le.PutUint64(e[0x78:], size)
	}
	entry(0, "Root Entry", 5, none, 1, 0xFFFFFFFE, 0)
	for i, st := range streams {
		right := none
		if i+1 < len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, st.name, 2, right, none, uint32(starts[i]), uint64(len(st.data)))
	}
	for i := len(streams) + 1; i < 4; i++ {
		e := dir[i*128 : (i+1)*128]
		le.PutUint32(e[0x44:], none)
		le.PutUint32(e[0x48:], none)
		le.PutUint32(e[0x4C:], none)
	}
	out.Write(dir)
	for _, st := range streams {
		out.Write(st.data)
		if pad := len(st.data) % sec; pad != 0 {
			out.Write(make([]byte, sec-pad))
		}
	}
	return out.Bytes()
}

// xlsx is a minimal spreadsheet package: a zip that is not a Word document.
func xlsx() []byte {
	return zipFiles([]struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="户数" sheetId="1"/></sheets></workbook>`},
	})
}

// ---------- PDF ----------

func chromiumPDF(in, out string) {
	abs, err := filepath.Abs(in)
	must(err)
	run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+abs)
}

func soffice(to, in, out string) {
	tmp, err := os.MkdirTemp("", "gen-soffice-")
	must(err)
	defer os.RemoveAll(tmp)
	run("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+tmp+"/profile", "--convert-to", to, "--outdir", tmp, in)
	base := strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))
	copyFile(filepath.Join(tmp, base+"."+strings.SplitN(to, ":", 2)[0]), out)
}

func scannedPDF() {
	tmp, err := os.MkdirTemp("", "gen-scan-")
	must(err)
	defer os.RemoveAll(tmp)
	page := filepath.Join(tmp, "page.html")
	write(page, []byte(`<html><head><meta charset="utf-8"></head><body style="font-family:'Noto Serif CJK SC';font-size:22px;margin:40px">
<h2 style="text-align:center">青山村村规民约</h2><p>第一条　为了推进村民自治，维护本村生产生活秩序，制定本村规民约。</p><p>第二条　本村规民约适用于本村全体村民。</p></body></html>`))
	png := filepath.Join(tmp, "page.png")
	run("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--hide-scrollbars",
		"--window-size=800,400", "--screenshot="+png, "file://"+page)
	img := filepath.Join(tmp, "img.html")
	write(img, []byte(`<html><body style="margin:0"><img src="page.png" style="width:100%"></body></html>`))
	chromiumPDF(img, "扫描件.pdf")
}

func encryptedPDF() {
	tmp, err := os.MkdirTemp("", "gen-enc-")
	must(err)
	defer os.RemoveAll(tmp)
	txt := filepath.Join(tmp, "加密.txt")
	write(txt, []byte("第一条　本文件设有打开密码。\n"))
	run("soffice", "--headless", "--norestore", "-env:UserInstallation=file://"+tmp+"/profile", "--convert-to",
		`pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"lawreview"}}`,
		"--outdir", tmp, txt)
	copyFile(filepath.Join(tmp, "加密.pdf"), "加密.pdf")
}

func normativeHTML() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>柳河镇农村建房和农家乐经营管理暂行办法（征求意见稿）</title>
<style>
@page { size: A4; margin: 30mm 26mm 28mm 28mm;
  @bottom-center { content: "— " counter(page) " —"; font-family: "Noto Serif CJK SC"; font-size: 12pt; } }
body { font-family: "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.6; text-align: justify; }
h1 { font-size: 20pt; text-align: center; font-weight: bold; margin: 0 0 4pt 0; line-height: 1.4; }
.sub { text-align: center; font-size: 16pt; margin: 0 0 16pt 0; }
h2 { font-size: 16pt; text-align: center; font-weight: bold; margin: 12pt 0 6pt 0; }
p { text-indent: 2em; margin: 0; }
.sig { text-align: right; text-indent: 0; }
</style></head><body>
<h1>柳河镇农村建房和农家乐经营管理暂行办法</h1>
<div class="sub">（征求意见稿）</div>
`)
	for _, line := range strings.Split(strings.TrimSpace(normativePDFText), "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			fmt.Fprintf(&b, "<h2>%s</h2>\n", html.EscapeString(strings.TrimPrefix(line, "#")))
		case strings.HasPrefix(line, ">"):
			fmt.Fprintf(&b, "<p class=\"sig\">%s</p>\n", html.EscapeString(strings.TrimPrefix(line, ">")))
		default:
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(line))
		}
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

const normativePDFText = `
#第一章　总则
第一条　为了加强本镇农村村民住宅建设和农家乐经营活动管理，保障村民合法权益，促进乡村旅游健康发展，根据《中华人民共和国土地管理法》《中华人民共和国城乡规划法》等法律法规，结合本镇实际，制定本办法。
第二条　本办法适用于本镇行政区域内农村村民住宅的新建、改建、扩建以及农家乐经营活动的管理。
第三条　镇人民政府负责本办法的组织实施。镇自然资源所、村镇建设办公室、市场监督管理所等按照各自职责做好相关工作。各村民委员会协助做好本村范围内的建房和经营秩序管理工作。
#第二章　农村建房管理
第四条　农村村民一户只能拥有一处宅基地，宅基地面积不得超过省规定的标准。村民建房应当符合村庄规划，坚持节约集约用地，不占或者少占耕地。
第五条　村民申请建房的，应当向所在村民委员会提出书面申请，经村民小组会议讨论通过并在本小组范围内公示后，由村民委员会提出审查意见，报镇人民政府审批。
第六条　镇人民政府应当自受理建房申请之日起二十个工作日内作出是否批准的决定。不予批准的，应当书面说明理由。
第七条　村民建房应当按照批准的位置、面积和层数施工，不得擅自改变。建房完工后，应当申请镇人民政府组织竣工验收。
#第三章　农家乐经营管理
第八条　鼓励村民利用自有住房依法开展农家乐经营，发展乡村休闲旅游。
第九条　在本镇范围内从事农家乐经营的，除依法办理营业执照外，还应当事先向镇人民政府申请取得《柳河镇农家乐经营许可证》；未取得许可证的，不得从事经营活动。
第十条　农家乐经营者应当遵守下列规定：
（一）建立健全食品安全、消防安全管理制度；
（二）按照规定处理生活污水和餐厨垃圾，不得直接排入河道；
（三）明码标价，诚信经营，不得欺客宰客。
第十一条　农家乐经营者应当每年向镇人民政府报送经营情况，接受镇人民政府和有关部门的监督检查。
#第四章　法律责任
第十二条　违反本办法第七条规定，未按批准的位置、面积和层数建房的，由有关部门依照《中华人民共和国土地管理法》等法律法规的规定处理。
第十三条　违反本办法第九条规定，未取得《柳河镇农家乐经营许可证》擅自从事经营活动的，由镇综合行政执法队责令停止经营，没收违法所得，并处二千元以上五千元以下罚款。
第十四条　国家机关工作人员在农村建房和农家乐经营管理工作中玩忽职守、滥用职权、徇私舞弊的，依法给予处分；构成犯罪的，依法追究刑事责任。
#第五章　附则
第十五条　本办法由镇人民政府负责解释。
第十六条　本办法自印发之日起施行。
>柳河镇人民政府
>2024年6月1日
`

// ---------- text ----------

const decisionText = `柳河镇人民政府关于调整镇农村集体经济发展领导小组成员的决定
各村（社区）、镇直各单位：
因人事变动，经镇人民政府常务会议研究，决定对镇农村集体经济发展领导小组成员进行调整，现将有关事项决定如下：
一、领导小组组成
组　长：陈某某（镇长）
副组长：刘某某（副镇长）
成　员：镇农业农村办公室、财政所、经管站负责人及各村党组织书记。
二、工作职责
领导小组负责统筹推进全镇农村集体经济发展工作，研究解决发展中的重大问题。领导小组办公室设在镇农业农村办公室，负责日常工作。
三、工作要求
（一）各村应当于每年12月31日前将集体经济收支情况报镇经管站备案。
（二）对集体经济年收入未达到10万元的村，扣减村干部当年绩效报酬的30%，并在全镇通报批评。
（三）各村集体经济项目须经领导小组同意后方可实施，未经同意擅自实施的，一律予以取缔。
本决定自印发之日起施行。原《柳河镇人民政府关于成立镇农村集体经济发展领导小组的通知》同时废止。
柳河镇人民政府
2024年4月8日
`

const noticeText = `关于做好秋季森林防火工作的通知
各村民小组：
当前已进入秋季森林防火期，为切实做好森林防火工作，现将有关事项通知如下：
一、严格管控野外用火，禁止在林区烧荒、烧纸、燃放烟花爆竹。
二、加强巡山护林，发现火情立即报告。
特此通知。
`

const conventionMD = `# 柳河镇幸福里社区居民公约

（2024年5月20日社区居民会议讨论通过）

为了建设和谐文明的幸福里社区，根据有关法律法规，经社区居民会议讨论，制定本公约。

## 一、爱国守法

- 热爱祖国，遵守宪法、法律和法规，自觉维护社会稳定。
- 依法行使**民主权利**，积极参与社区事务的*民主协商*。

## 二、邻里和睦

1. 邻里之间互谅互让、互帮互助，发生矛盾纠纷时主动协商或者申请社区人民调解委员会调解。
2. 尊老爱幼，关心帮助困难家庭和残疾人。

## 三、环境卫生

1. 生活垃圾按照分类要求定时定点投放，不得高空抛物。
2. 饲养犬只应当依法登记、文明牵引；违反的，由社区居民委员会处以100元罚款。
3. 不得占用消防通道和楼道堆放杂物，不得私拉电线为电动车充电。

## 四、监督实施

| 事项 | 负责机构 |
| --- | --- |
| 公约解释 | 社区居民委员会 |
| 监督落实 | 社区居务监督委员会 |

> 本公约自居民会议通过之日起施行，并报镇人民政府备案。
`

// ---------- helpers ----------

func utf16Bytes(s string, bigEndian bool) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 2+2*len(u))
	if bigEndian {
		out[0], out[1] = 0xFE, 0xFF
	} else {
		out[0], out[1] = 0xFF, 0xFE
	}
	for i, c := range u {
		if bigEndian {
			binary.BigEndian.PutUint16(out[2+2*i:], c)
		} else {
			binary.LittleEndian.PutUint16(out[2+2*i:], c)
		}
	}
	return out
}

func write(name string, data []byte) { must(os.WriteFile(name, data, 0o644)) }

func copyFile(from, to string) {
	data, err := os.ReadFile(from)
	must(err)
	write(to, data)
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		log.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
