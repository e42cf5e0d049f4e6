package extract

import (
	"os/exec"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"第一条　为了", "第一条　为了"},               // U+3000 kept
		{"第一条　　　为了", "第一条　为了"},             // U+3000 run -> one
		{"第一条 \u3000 为了", "第一条　为了"},        // mixed run containing U+3000 -> U+3000
		{"罚款\u00a0200\u2002元", "罚款 200 元"}, // odd spaces -> ASCII
		{"a \t  b", "a b"}, // tabs and runs collapse
		{"\u3000\u3000为深入推进\u3000", "为深入推进"}, // indent and trailing trimmed
		{"村\u200b规\ufeff民\u00ad约", "村规民约"},   // invisible characters dropped
		{"控制\x01字符\x7f", "控制字符"},             // control characters dropped
		{"“全角标点”（保持）；：", "“全角标点”（保持）；："},     // full-width punctuation untouched
		{"１２３ＡＢＣ", "１２３ＡＢＣ"},                 // no NFKC folding
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSplitLines(t *testing.T) {
	got := splitLines("一\r\n二\r三\n四\u2028五\u2029六")
	if strings.Join(got, "|") != "一|二|三|四|五|六" {
		t.Fatalf("splitLines = %q", got)
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		text  string
		kind  Kind
		label string
	}{
		{"第一条　为了规范", KindArticle, "第一条"},
		{"第一百零二条 本法", KindArticle, "第一百零二条"},
		{"第二十条之一　新增", KindArticle, "第二十条之一"},
		{"第12条 数字条号", KindArticle, "第12条"},
		{"第三条规定的情形除外。", KindBody, ""},
		{"第一条第二款所称", KindBody, ""},
		{"第一章　总则", KindHeading, "第一章"},
		{"第二节 村民会议", KindHeading, "第二节"},
		{"第一编", KindHeading, "第一编"},
		{"第一章规定的事项，由村民委员会负责落实，并定期向村民会议报告工作情况。", KindBody, ""},
		{"（一）不得乱堆乱放；", KindItem, "（一）"},
		{"(二)半角括号", KindItem, "(二)"},
		{"一、总体要求", KindItem, "一、"},
		{"十二、其他", KindItem, "十二、"},
		{"1. 生活垃圾", KindItem, "1."},
		{"2、分类投放", KindItem, "2、"},
		{"（3）带括号", KindItem, "（3）"},
		{"①可回收物", KindItem, "①"},
		{"1.5米以上的围墙", KindBody, ""},
		{"2024年3月15日", KindBody, ""},
		{"为了推进村民自治", KindBody, ""},
	}
	for _, tt := range tests {
		k, l := classify(tt.text)
		if k != tt.kind || l != tt.label {
			t.Errorf("classify(%q) = %q %q, want %q %q", tt.text, k, l, tt.kind, tt.label)
		}
	}
}

const testNumbering = `<?xml version="1.0" encoding="UTF-8"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/><w:pStyle w:val="Chapter"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%2条"/><w:lvlRestart w:val="0"/><w:pStyle w:val="Art"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/><w:isLgl/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride></w:num>
</w:numbering>`

const testStyles = `<?xml version="1.0" encoding="UTF-8"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="章"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ArtBase"><w:name w:val="条基础"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Art"><w:name w:val="条"/><w:basedOn w:val="ArtBase"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="loop1"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="loop2"/><w:basedOn w:val="Loop1"/></w:style>
</w:styles>`

func docxParts(t testing.TB, body string) []byte {
	return makeZip(t,
		zipEntry{"word/document.xml", `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`},
		zipEntry{"word/numbering.xml", testNumbering},
		zipEntry{"word/styles.xml", testStyles},
	)
}

func wp(ppr, text string) string {
	return `<w:p><w:pPr>` + ppr + `</w:pPr><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

// TestDocxFeatures checks the Word features one by one on small documents.
func TestDocxFeatures(t *testing.T) {
	style := func(s string) string { return `<w:pStyle w:val="` + s + `"/>` }
	num := func(id, lvl string) string {
		return `<w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + id + `"/></w:numPr>`
	}
	tests := []struct {
		name string
		body string
		want []string // paragraph texts in order
	}{
		{"style-linked numbering with restart suppressed", wp(style("Chapter"), "总则") + wp(style("Art"), "甲") + wp(style("Chapter"), "附则") + wp(style("Art"), "乙"),
			[]string{"第一章　总则", "第一条　甲", "第二章　附则", "第二条　乙"}},
		{"isLgl renders every level in decimal", wp(style("Chapter"), "章") + wp(style("Art"), "条") + wp(num("1", "2"), "项") + wp(num("1", "2"), "项"),
			[]string{"第一章　章", "第一条　条", "1.1.1 项", "1.1.2 项"}},
		{"level override with its own format", wp(num("2", "0"), "甲") + wp(num("2", "0"), "乙"),
			[]string{"E) 甲", "F) 乙"}},
		{"numId 0 switches numbering off", wp(style("Art")+`<w:numPr><w:numId w:val="0"/></w:numPr>`, "无编号"),
			[]string{"无编号"}},
		{"unknown numId is ignored", wp(num("99", "0"), "文字"), []string{"文字"}},
		{"basedOn loop terminates", wp(style("Loop1"), "循环"), []string{"循环"}},
		{"hidden text dropped", `<w:p><w:r><w:t>显示</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>可见</w:t></w:r></w:p>`,
			[]string{"显示可见"}},
		{"field instructions dropped, result kept", `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
			[]string{"3"}},
		{"line break splits a paragraph", `<w:p><w:r><w:t>上</w:t><w:br/><w:t>下</w:t></w:r></w:p>`, []string{"上", "下"}},
		{"symbol outside the private use area kept", `<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="SimSun" w:char="2605"/><w:t>星</w:t></w:r></w:p>`,
			[]string{"★星"}},
		{"fallback used when there is no choice", `<w:p><w:r><mc:AlternateContent><mc:Fallback><w:t>备选</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>`,
			[]string{"备选"}},
		{"moved-from text dropped, moved-to kept", `<w:p><w:moveFrom><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>新位置</w:t></w:r></w:moveTo></w:p>`,
			[]string{"新位置"}},
		{"text box inside a table cell follows the cell", `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>格</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>二</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
			[]string{"格", "框", "二"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Bytes("t.docx", docxParts(t, tt.body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkDoc(t, doc)
			var got []string
			for _, p := range doc.Paragraphs {
				got = append(got, p.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("paragraphs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTextDecoding(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"utf-8", []byte("第一条　字"), "第一条　字"},
		{"utf-8 bom", []byte("\xef\xbb\xbf第一条"), "第一条"},
		{"utf-16le bom", []byte{0xFF, 0xFE, 0x2C, 0x7B, 0x00, 0x4E}, "第一"},
		{"utf-16be bom", []byte{0xFE, 0xFF, 0x7B, 0x2C, 0x4E, 0x00}, "第一"},
		{"utf-16le without bom", []byte{'a', 0, 'b', 0, 'c', 0, 'd', 0}, "abcd"},
		{"gbk", []byte{0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5}, "第一条"},
	}
	for _, tt := range tests {
		got, err := decodeText(tt.data)
		if err != nil || got != tt.want {
			t.Errorf("%s: decodeText = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
}

func TestMarkdown(t *testing.T) {
	md := "标题\n===\n\n段落 **加粗** 与 *强调* 和 `代码` 及 [链接](http://x) ![图](a.png)\n\n---\n\n* [x] 任务\n> > 引用\n```\n# 代码里的井号\n```\n## 二级 ##\n转义 \\*星号\\*\n"
	doc, err := Bytes("a.md", []byte(md), Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, doc)
	want := []string{"标题", "段落 加粗 与 强调 和 代码 及 链接 图", "任务", "引用", "# 代码里的井号", "二级", "转义 *星号*"}
	var got []string
	for _, p := range doc.Paragraphs {
		got = append(got, p.Text)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("paragraphs = %q\nwant %q", got, want)
	}
	if doc.Title != "标题" || doc.Paragraphs[0].Kind != KindHeading || doc.Paragraphs[5].Kind != KindHeading {
		t.Fatalf("headings not recognized: title %q kinds %v %v", doc.Title, doc.Paragraphs[0].Kind, doc.Paragraphs[5].Kind)
	}
	// a .txt whose content has ATX headings is Markdown too
	doc, err = Bytes("a.txt", []byte("# 公约\n正文"), Options{})
	if err != nil || doc.Format != "md" || doc.Text != "公约\n正文" {
		t.Fatalf("content-detected markdown: %+v %v", doc, err)
	}
}

func TestPDFJoin(t *testing.T) {
	line := func(text string, left, right, size float64) pdfLine {
		return pdfLine{text: text, left: left, right: right, size: size, top: 10, bottom: 10 - size}
	}
	pages := [][]pdfLine{
		{
			line("某镇关于加强管理的", 80, 400, 20),
			line("通知", 220, 260, 20),
			line("第一章 总则", 200, 300, 16),
			line("第一条 为了加强管理，根据有关法律", 80, 420, 16),
			line("法规，制定本办法", 48, 420, 16),
			line("。", 48, 64, 16),
			line("本办法所称管理，是指 ABC", 80, 420, 16),
			line("DEF 系统的管理", 48, 200, 16),
			line("（一）第一项；", 80, 300, 16),
			line("某镇人民政府", 300, 420, 16),
			line("— 1 —", 220, 260, 12),
		},
		{
			line("第 2 页", 220, 260, 12),
			line("2024年6月1日", 320, 420, 16),
		},
	}
	for i := range pages {
		pages[i] = dropPageNumbers(pages[i])
	}
	raws := joinPDFLines(pages)
	var got []string
	for _, r := range raws {
		got = append(got, r.text)
	}
	want := []string{"某镇关于加强管理的通知", "第一章 总则", "第一条 为了加强管理，根据有关法律法规，制定本办法。", "本办法所称管理，是指 ABC DEF 系统的管理", "（一）第一项；", "某镇人民政府", "2024年6月1日"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("joined = %q\nwant %q", got, want)
	}
}

func TestDocConversion(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion takes seconds")
	}
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice not installed")
	}
	data := fixture(t, "村规民约.doc")
	for _, name := range []string{"村规民约.doc", "村规民约.wps"} {
		doc, err := Bytes(name, data, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkDoc(t, doc)
		if want := strings.TrimPrefix(name[strings.LastIndex(name, "."):], "."); doc.Format != want {
			t.Errorf("Format = %q, want %q", doc.Format, want)
		}
		// Word 97 keeps the automatic numbering; LibreOffice carries it into the .docx
		for _, s := range []string{"第一条", "第二十条", "违者罚款200元", "青山村村规民约"} {
			if !strings.Contains(doc.Text, s) {
				t.Errorf("%s: text lacks %q", name, s)
			}
		}
	}
}
