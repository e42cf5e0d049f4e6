package opinion

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"lawreview/corpus/extract"
	"lawreview/review"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file; run go test -update and review the diff", name)
	}
}

func parts(t *testing.T, docx []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		m[f.Name] = b
	}
	return m
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// mustContain lists what every rendering of sample() must show.
func mustContain(o *Opinion) []string {
	s := []string{"青山镇司法所", "合法性审查意见书", DocNumber(o.Office, o.Number), o.Submitter + "：", "《" + o.DocTitle + "》", "2026年3月2日",
		"制定主体、形式规范：未发现问题", "制定权限：村规民约由村民会议制定", "程序合法性：送审材料未附村民会议表决记录",
		"审查结论：" + o.Conclusion, o.OpinionText, o.Office, "2026年3月9日",
		"附件：相关法律条文", "相关法律条文", "《中华人民共和国村民委员会组织法》第二十七条"}
	for i, f := range o.Findings {
		s = append(s, f.Title+"（问题"+cnNum(i+1)+"）", "（"+cnNum(i+1)+"）原文“"+f.Quote+"”", f.Problem, f.Basis[0].Article, f.Basis[0].Text)
	}
	return s
}

func hanOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Han, r) {
			return r
		}
		return -1
	}, s)
}

// body is the text before the annex: it cites articles by number only.
func body(text string) string {
	if i := strings.LastIndex(text, "相关法律条文"); i >= 0 {
		return text[:i]
	}
	return text
}

// checkText checks an output's text (spaces squeezed out): everything the
// opinion prints, each article's text once and only in the annex.
func checkText(t *testing.T, what, text string, o *Opinion) {
	t.Helper()
	text = squeeze(text)
	for _, s := range mustContain(o) {
		if !strings.Contains(text, squeeze(s)) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
	// Articles are compared on their letters: a PDF's text may lose the
	// punctuation LibreOffice hangs past the line's end.
	letters := hanOnly(text)
	seen := map[string]bool{}
	for _, f := range o.Findings {
		for _, b := range f.Basis {
			art := hanOnly(strings.Split(b.Text, "\n")[0])
			if seen[art] {
				continue
			}
			seen[art] = true
			if n := strings.Count(letters, art); n != 1 {
				t.Errorf("%s prints the text of %s%s %d times, want once", what, b.Law, b.Article, n)
			}
			if strings.Contains(body(letters), art) {
				t.Errorf("%s quotes %s%s in the body", what, b.Law, b.Article)
			}
		}
	}
}

func TestDOCXGolden(t *testing.T) {
	d, err := sample().DOCX()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		os.WriteFile("testdata/opinion.docx", d, 0o644)
	}
	p := parts(t, d)
	for _, name := range []string{"word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml",
		"word/header1.xml", "word/footer3.xml", "word/fontTable.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"} {
		if p[name] == nil {
			t.Fatalf("no %s", name)
		}
		golden(t, strings.NewReplacer("/", "-", "[", "", "]", "").Replace(name), p[name])
	}
	golden(t, "structure-docx.txt", []byte(docxStructure(t, p)))
}

// docxStructure lists the paragraphs in order, one a line: the style, the
// layout properties, then the runs ([楷] 楷体, [黑] 黑体, [b] bold). The
// first page's header comes first.
func docxStructure(t *testing.T, p map[string][]byte) string {
	t.Helper()
	var b strings.Builder
	for _, part := range []string{"word/header1.xml", "word/document.xml", "word/footer3.xml"} {
		if p[part] == nil {
			continue
		}
		fmt.Fprintf(&b, "== %s\n", part)
		dec := xml.NewDecoder(bytes.NewReader(p[part]))
		var line, run string
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				attr := func(name string) string {
					for _, a := range el.Attr {
						if a.Name.Local == name {
							return a.Value
						}
					}
					return ""
				}
				switch el.Name.Local {
				case "p":
					line = ""
				case "pStyle":
					line += attr("val")
				case "keepNext", "keepLines", "pageBreakBefore", "titlePg":
					line += " " + el.Name.Local
				case "spacing":
					if v := attr("before"); v != "" {
						line += " before=" + v
					}
				case "ind":
					for _, k := range []string{"left", "right"} {
						if v := attr(k); v != "" {
							line += " " + k + "=" + v
						}
					}
				case "top", "bottom":
					if v := attr("val"); v != "" && attr("color") != "" {
						line += " " + el.Name.Local + "-border=" + v + "/" + attr("color")
					}
				case "r":
					run = ""
				case "rFonts":
					if v := attr("eastAsia"); v == "楷体_GB2312" {
						run = "[楷]"
					} else if v == "黑体" {
						run = "[黑]"
					}
				case "b":
					run = "[b]"
				case "t":
					inText = true
				}
			case xml.CharData:
				if inText {
					if !strings.Contains(line, " |") {
						line += " |"
					}
					line += " " + run + string(el)
				}
			case xml.EndElement:
				switch el.Name.Local {
				case "t":
					inText = false
				case "p":
					b.WriteString(strings.TrimSpace(line) + "\n")
				}
			}
		}
	}
	return b.String()
}

// htmlStructure is the print view's skeleton: each element with its
// class and style, and the text of each paragraph.
func htmlStructure(h string) string {
	body := h[strings.Index(h, "<body>"):]
	var b strings.Builder
	for _, m := range regexp.MustCompile(`(?m)<(/?p|/?div)([^>]*)>([^\n]*?)(</p>|</div>|$)`).FindAllStringSubmatch(body, -1) {
		text := regexp.MustCompile(`<span class="(\w+)">`).ReplaceAllString(m[3], "[$1]")
		text = strings.NewReplacer("</span>", "", "<b>", "[b]", "</b>", "").Replace(text)
		fmt.Fprintf(&b, "<%s%s> %s\n", m[1], m[2], text)
	}
	return b.String()
}

// TestLayout checks the numbers GB/T 9704 fixes, read back from the parts.
func TestLayout(t *testing.T) {
	d, err := sample().DOCX()
	if err != nil {
		t.Fatal(err)
	}
	p := parts(t, d)
	doc, styles, settings := string(p["word/document.xml"]), string(p["word/styles.xml"]), string(p["word/settings.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`, // 37, 26, 35, 28 mm
		`w:footer="1134"`,   // the lower red line 20 mm above the edge
		`w:linePitch="579"`, // (16838-2098-1984)/22
		`<w:headerReference w:type="first" r:id="rId7"/><w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/><w:footerReference w:type="first" r:id="rId8"/>`,
		`<w:titlePg/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{
		`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, // body 三号
		`w:eastAsia="方正小标宋简体"`, `<w:sz w:val="44"/>`, // title 二号
		`<w:sz w:val="72"/>`,                           // 发文机关标志 小初
		`<w:color w:val="FF0000"/>`,                    // in red
		`<w:spacing w:val="-5"/>`,                      // 28 characters in 8845 twips
		`<w:spacing w:line="579" w:lineRule="exact"/>`, // 22 lines
		`<w:sz w:val="28"/>`,                           // page number 四号
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	// The 信函格式 lines: 170 mm (the page's 210 less 20 on each side), red,
	// thick over thin under the 标志, thin over thick at the foot.
	head, foot := string(p["word/header1.xml"]), string(p["word/footer3.xml"])
	for _, c := range []struct{ part, want string }{
		{head, `w:val="thickThinSmallGap"`}, {head, `w:color="FF0000"`}, {head, `<w:ind w:left="-454" w:right="-340"/>`}, {head, "青山镇司法所"},
		{foot, `w:val="thinThickSmallGap"`}, {foot, `<w:ind w:left="-454" w:right="-340"/>`},
	} {
		if !strings.Contains(c.part, c.want) {
			t.Errorf("letterhead part lacks %s", c.want)
		}
	}
	if strings.Contains(foot, "PAGE") {
		t.Error("the first page of a letter shows no page number (10.1)")
	}
	if !strings.Contains(settings, `<w:evenAndOddHeaders/>`) {
		t.Error("settings.xml lacks evenAndOddHeaders")
	}
	if !strings.Contains(string(p["word/footer1.xml"]), `<w:jc w:val="right"/>`) || !strings.Contains(string(p["word/footer2.xml"]), `<w:jc w:val="left"/>`) {
		t.Error("odd page numbers must be on the right, even on the left")
	}
	for _, f := range []string{"word/footer1.xml", "word/footer2.xml"} {
		if !strings.Contains(string(p[f]), "— ") || !strings.Contains(string(p[f]), " PAGE ") {
			t.Errorf("%s lacks the — PAGE — field", f)
		}
	}
	ft := string(p["word/fontTable.xml"])
	for _, want := range []string{`<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>`, `<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>`} {
		if !strings.Contains(ft, want) {
			t.Errorf("fontTable.xml lacks %s", want)
		}
	}
	// 28 condensed characters fit the text width, 29 do not.
	w := 8845.0
	pitch := 16*20 - 5.0
	if 28*pitch > w || 29*pitch <= w {
		t.Errorf("%v twips per character does not give 28 per line", pitch)
	}
	// The date stands 4 characters from the right edge, the office centred
	// over it: 城关司法所 (5) over 2026年3月9日 (6 characters wide).
	if !strings.Contains(doc, fmt.Sprintf(`<w:ind w:right="%d"/></w:pPr><w:r><w:t xml:space="preserve">2026年3月9日`, emTwips(4))) ||
		!strings.Contains(doc, fmt.Sprintf(`<w:ind w:right="%d"/></w:pPr><w:r><w:t xml:space="preserve">青山镇司法所`, emTwips(4))) {
		t.Error("signature not 4 characters from the right edge, centred on the date")
	}
}

// TestRoundTrip reads the .docx back with the project's extractor.
func TestRoundTrip(t *testing.T) {
	o := sample()
	d, err := o.DOCX()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := extract.Bytes("opinion.docx", d, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The extractor reads the body, not the header: the 标志 is checked
	// in TestLayout.
	text := "青山镇司法所" + doc.Text
	checkText(t, "extracted text", text, o)
	// Items come in the standard order whatever order they were given in.
	last := -1
	for _, s := range []string{"制定主体、形式规范：", "制定权限：", "内容合法性：", "程序合法性："} {
		i := strings.Index(text, s)
		if i < last {
			t.Errorf("%s out of order", s)
		}
		last = i
	}
}

func TestHTMLGolden(t *testing.T) {
	h, err := sample().HTML()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "opinion.html", h)
	golden(t, "structure-html.txt", []byte(htmlStructure(string(h))))
	checkText(t, "HTML", regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(h), ""), sample())
	for _, want := range []string{"size:A4", "margin:37mm 26mm 35mm 28mm", "line-height:28.95pt", `counter(page)`,
		`"仿宋_GB2312","仿宋","FangSong","STFangsong","Noto Serif CJK SC",serif`, "@page :first{margin-top:", "color:#FF0000"} {
		if !strings.Contains(string(h), want) {
			t.Errorf("print CSS lacks %s", want)
		}
	}
}

// TestSwitches: the 版头 and the annex can each be left out.
func TestSwitches(t *testing.T) {
	o := sample()
	o.Letterhead = Letterhead{Text: "青山镇司法所（法律顾问室）"}
	d, _ := o.DOCX()
	h, _ := o.HTML()
	if p := parts(t, d); !strings.Contains(string(p["word/header1.xml"]), "青山镇司法所（法律顾问室）") || !strings.Contains(string(h), ">青山镇司法所（法律顾问室）</p>") {
		t.Error("the office's own 版头 text is not printed")
	}
	o.Letterhead.Off = true
	o.OmitAnnex = true
	d, err := o.DOCX()
	if err != nil {
		t.Fatal(err)
	}
	p := parts(t, d)
	if p["word/header1.xml"] != nil || strings.Contains(string(p["word/document.xml"]), "titlePg") {
		t.Error("版头 switched off, still in the .docx")
	}
	h, _ = o.HTML()
	for _, s := range []string{`class="Letterhead"`, "redline", "@page :first", "附件", "相关法律条文"} {
		if strings.Contains(string(h), s) || strings.Contains(string(p["word/document.xml"]), s) {
			t.Errorf("switched off, still prints %s", s)
		}
	}
	// Without the annex the body still cites the articles by number.
	if !strings.Contains(string(h), "《中华人民共和国村民委员会组织法》第二十七条") || strings.Contains(string(h), o.Findings[0].Basis[1].Text[:30]) {
		t.Error("without the annex: citations by number only")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(o *Opinion)
		field string
	}{
		{"complete", func(o *Opinion) {}, ""},
		{"no number", func(o *Opinion) { o.Number = " " }, "Number"},
		{"no submitter", func(o *Opinion) { o.Submitter = "" }, "Submitter"},
		{"no title", func(o *Opinion) { o.DocTitle = "" }, "DocTitle"},
		{"no received date", func(o *Opinion) { o.Received = time.Time{} }, "Received"},
		{"no signed date", func(o *Opinion) { o.Signed = time.Time{} }, "Signed"},
		{"bad conclusion", func(o *Opinion) { o.Conclusion = "基本合法" }, "Conclusion"},
		{"no items", func(o *Opinion) { o.Items = nil }, "Items"},
		{"finding without problem", func(o *Opinion) { o.Findings[1].Problem = "" }, "Findings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := sample()
			tt.edit(o)
			_, err := o.DOCX()
			var ie *InputError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.field != "" && (!errors.As(err, &ie) || ie.Field != tt.field || !errors.Is(err, ErrInput)):
				t.Fatalf("got %v, want InputError on %s", err, tt.field)
			case tt.field != "" && !strings.ContainsFunc(ie.Msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }):
				t.Errorf("message %q is not Chinese", ie.Msg)
			}
			if _, herr := o.HTML(); (herr == nil) != (err == nil) {
				t.Errorf("HTML and DOCX disagree on validity")
			}
		})
	}
}

func TestNumbering(t *testing.T) {
	tests := []struct {
		pattern   string
		year, seq int
		want      string
		valid     bool
	}{
		{"", 2026, 1, "城关司法所〔2026〕1号", true},
		{"", 2026, 12, "城关司法所〔2026〕12号", true},
		{"青司审〔{year}〕{n}号", 2026, 12, "青司审〔2026〕12号", true},
		{"〔{year}〕第{n}号", 2026, 3, "〔2026〕第3号", true},
		{"{office}〔{year}〕{n:3}号", 2027, 7, "城关司法所〔2027〕007号", true},
		{"{year}-{n}-{unit}", 2026, 1, "2026-1-{unit}", true},
		{"〔{year}〕号", 2026, 1, "〔2026〕号", false},
		{"{n:x}{n", 2026, 5, "{n:x}{n", true},
	}
	for _, tt := range tests {
		n := Numbering{Pattern: tt.pattern}
		if got := n.Format(" 城关司法所", tt.year, tt.seq); got != tt.want {
			t.Errorf("Format(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
		if (n.Validate() == nil) != tt.valid {
			t.Errorf("Validate(%q) = %v", tt.pattern, n.Validate())
		}
	}
}

func TestDocNumber(t *testing.T) {
	tests := []struct{ office, number, want string }{
		{"城关司法所", "城关司法所〔2026〕1号", "城关司法所〔2026〕1号"},
		{"城关司法所", "〔2026〕第1号", "城关司法所〔2026〕第1号"}, // stored before the office was part of it
		{"城关司法所", "青司审〔2026〕12号", "青司审〔2026〕12号"},
		{"城关司法所", " ", ""},
	}
	for _, tt := range tests {
		if got := DocNumber(tt.office, tt.number); got != tt.want {
			t.Errorf("DocNumber(%q, %q) = %q, want %q", tt.office, tt.number, got, tt.want)
		}
		if again := DocNumber(tt.office, DocNumber(tt.office, tt.number)); again != tt.want {
			t.Errorf("DocNumber is not idempotent on %q: %q", tt.number, again)
		}
	}
}

func TestNoFindings(t *testing.T) {
	o := sample()
	o.Findings = nil
	o.Conclusion = ConclusionLegal
	o.OpinionText = ""
	o.Items = ItemsFromChecklist([]review.ChecklistItem{{Item: ItemAuthor, Status: review.StatusOK}, {Item: ItemCompetition, Status: review.StatusOK},
		{Item: ItemProcedure, Status: review.StatusManual, Note: "核对是否报乡镇人民政府备案", Rule: "vr-filing"}})
	h, err := o.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(h), "")
	for _, want := range []string{"制定主体、公平竞争：未发现问题。", "审查结论：合法。《石桥村村规民约（修订草案）》符合法律、法规、规章和国家政策的规定，可按程序发布实施。"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	// No problems, no annex; a manual check's instruction is the
	// reviewer's, not the opinion's.
	for _, not := range []string{"存在的问题", "附件", "核对是否", "vr-", "程序合法性"} {
		if strings.Contains(text, not) {
			t.Errorf("HTML shows %s", not)
		}
	}
}

func TestItemsFromChecklist(t *testing.T) {
	got := ItemsFromChecklist([]review.ChecklistItem{
		{Item: ItemContent, Status: review.StatusProblem, Note: "村规民约设定罚款（问题1）", Rules: []string{"vr-fine"}},
		{Item: ItemProcedure, Status: review.StatusOK, Note: review.NoteOK},
		{Item: ItemProcedure, Status: review.StatusManual, Note: "核对备案", Rule: "vr-filing"},
	})
	want := []OpinionItem{{Item: ItemContent, Status: review.StatusProblem, Rules: []string{"vr-fine"}}, {Item: ItemProcedure, Status: review.StatusOK}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// An item made a problem only by a rule merged into another item's finding
// (nd-township-penalty under nd-penalty) names that finding, not a bare
// "存在问题" with nothing to point at.
func TestItemNamedByMergedRule(t *testing.T) {
	o := sample()
	o.Findings = []AcceptedFinding{FromFinding(review.Finding{Rule: "nd-penalty", Merged: []string{"nd-township-penalty"}, Item: ItemContent,
		Title: "规范性文件设定行政处罚", Message: "不得设定行政处罚。", Quote: "由街道办事处处以五百元罚款"})}
	o.Items = ItemsFromChecklist([]review.ChecklistItem{
		{Item: ItemPower, Status: review.StatusProblem, Rules: []string{"nd-township-penalty"}},
		{Item: ItemContent, Status: review.StatusProblem, Rules: []string{"nd-penalty"}},
	})
	h, err := o.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(h), "")
	for _, want := range []string{ItemPower + "：规范性文件设定行政处罚（问题一）", ItemContent + "：规范性文件设定行政处罚（问题一）"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if strings.Contains(text, "存在问题") {
		t.Error("HTML still says 存在问题 for the merged rule's item")
	}
}

func TestFromFinding(t *testing.T) {
	f := review.Finding{Item: ItemContent, Title: "村规民约设定罚款", Message: "不得设定罚款", Suggestion: "删除", Quote: "罚款200元", Basis: []review.Basis{{Law: "行政处罚法", Article: "第十七条"}}}
	a := FromFinding(f)
	if a.Problem != f.Message || a.Title != f.Title || a.Quote != f.Quote || a.Suggestion != f.Suggestion || a.Item != f.Item || len(a.Basis) != 1 {
		t.Errorf("FromFinding = %+v", a)
	}
	// A reviewer's own finding is named by its problem's first clause.
	for msg, want := range map[string]string{
		"标题应写明制定主体。":     "标题应写明制定主体",
		"第五条与第九条重复；建议合并": "第五条与第九条重复",
		"村规民约对外来务工人员子女入学设置了本村户籍以外的额外条件和证明材料要求": "村规民约对外来务工人员子女入学设置了本村户籍以…",
	} {
		if got := FromFinding(review.Finding{Item: "审查人意见", Message: msg}).Title; got != want {
			t.Errorf("own finding %q titled %q, want %q", msg, got, want)
		}
	}
}

func TestPDFUnavailable(t *testing.T) {
	old := lookPath
	lookPath = func(string) (string, error) { return "", exec.ErrNotFound }
	defer func() { lookPath = old }()
	if _, err := sample().PDF(context.Background()); !errors.Is(err, ErrPDFUnavailable) {
		t.Errorf("got %v, want ErrPDFUnavailable", err)
	}
	if _, err := PDF(context.Background(), []byte("<p>x</p>")); !errors.Is(err, ErrPDFUnavailable) {
		t.Errorf("got %v, want ErrPDFUnavailable", err)
	}
}

func pdfText(t *testing.T, pdf []byte) (string, int) {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(p, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), strings.Count(string(out), "\f")
}

// TestPDF prints the opinion with each renderer installed and checks the
// text and the page numbers.
func TestPDF(t *testing.T) {
	o := sample()
	for _, r := range renderers(t) {
		t.Run(r.name, func(t *testing.T) {
			pdf := r.print(t, o)
			text, pages := pdfText(t, pdf)
			// a sentence may run across a page break, past the page number
			checkText(t, "PDF", regexp.MustCompile(`—\s*\d+\s*—`).ReplaceAllString(text, ""), o)
			if pages < 2 {
				t.Fatalf("%d pages: the sample should need more than one", pages)
			}
			// "— N —" on every page but the first (信函格式 10.1).
			ps := strings.Split(text, "\f")
			for n := 1; n <= pages; n++ {
				has := regexp.MustCompile(`—\s*` + fmt.Sprint(n) + `\s*—`).MatchString(ps[n-1])
				if has != (n > 1) {
					t.Errorf("page %d: page number shown %v", n, has)
				}
			}
		})
	}
}

func TestSentence(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"删除该款", "删除该款。"},
		{"删除该款。", "删除该款。"},
		{"改为“批评教育”", "改为“批评教育”。"},
		{"他说“删除。”", "他说“删除。”"},
		{"设定罚款（问题二）", "设定罚款（问题二）。"},
		{"请补充；", "请补充；"},
		{" ", ""},
	} {
		if got := sentence(c.in); got != c.want {
			t.Errorf("sentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAnnexOrder(t *testing.T) {
	o := sample()
	o.Findings[0].Basis = append(o.Findings[0].Basis, review.Basis{Law: "中华人民共和国行政处罚法", Article: "第三条", Text: "行政处罚的设定和实施，适用本法。"},
		review.Basis{Law: "《中华人民共和国行政处罚法》", Article: "第十七条", Text: "重复引用"})
	var got []string
	for _, l := range o.annex() {
		for _, a := range l.articles {
			got = append(got, l.law+a.Article)
		}
	}
	want := []string{"中华人民共和国行政处罚法第三条", "中华人民共和国行政处罚法第十七条", "中华人民共和国村民委员会组织法第二十七条", "中华人民共和国妇女权益保障法第五十五条"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("annex %v, want %v", got, want)
	}
}
