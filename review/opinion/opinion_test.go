package opinion

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
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
	s := []string{"合法性审查意见书", o.Number, o.Submitter, "《" + o.DocTitle + "》", "2026年3月2日", o.DocType,
		"《中华人民共和国村民委员会组织法》", "《中华人民共和国民法典》",
		"制定主体", "制定权限", "内容合法性", "程序合法性", "形式规范",
		"审查结论", o.Conclusion, o.OpinionText, "审查人：" + o.Reviewer, o.Office, "2026年3月9日"}
	for _, f := range o.Findings {
		s = append(s, "“"+f.Quote+"”", f.Problem, f.Basis[0].Article, f.Basis[0].Text)
	}
	return s
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
	for _, name := range []string{"word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml", "word/fontTable.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"} {
		if p[name] == nil {
			t.Fatalf("no %s", name)
		}
		golden(t, strings.NewReplacer("/", "-", "[", "", "]", "").Replace(name), p[name])
	}
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
		`w:linePitch="579"`,                                         // (16838-2098-1984)/22
		`<w:footerReference w:type="default" r:id="rId4"/><w:footerReference w:type="even" r:id="rId5"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	for _, want := range []string{
		`w:eastAsia="仿宋_GB2312"`, `<w:sz w:val="32"/>`, // body 三号
		`w:eastAsia="方正小标宋简体"`, `<w:sz w:val="44"/>`, // title 二号
		`<w:spacing w:val="-5"/>`,                      // 28 characters in 8845 twips
		`<w:spacing w:line="579" w:lineRule="exact"/>`, // 22 lines
		`<w:sz w:val="28"/>`,                           // page number 四号
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
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
	text := squeeze(doc.Text)
	for _, s := range mustContain(o) {
		if !strings.Contains(text, squeeze(s)) {
			t.Errorf("extracted text lacks %q", s)
		}
	}
	// Items come in the standard order whatever order they were given in.
	order := []string{"（一）制定主体", "（二）制定权限", "（三）内容合法性", "（四）程序合法性", "（五）形式规范"}
	last := -1
	for _, s := range order {
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
	text := squeeze(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(h), ""))
	for _, s := range mustContain(sample()) {
		if !strings.Contains(text, squeeze(s)) {
			t.Errorf("HTML lacks %q", s)
		}
	}
	for _, want := range []string{"size:A4", "margin:37mm 26mm 35mm 28mm", "line-height:28.95pt", `counter(page)`, "Noto Serif CJK SC"} {
		if !strings.Contains(string(h), want) {
			t.Errorf("print CSS lacks %s", want)
		}
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
	o.Items = ItemsFromChecklist([]review.ChecklistItem{{Item: ItemAuthor, Status: review.StatusOK}, {Item: ItemCompetition, Status: review.StatusOK}})
	h, err := o.HTML()
	if err != nil {
		t.Fatal(err)
	}
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(h), "")
	for _, want := range []string{"未发现需要修改的问题", "（二）公平竞争。经审查，符合规定。", "可按程序发布实施"} {
		if !strings.Contains(text, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
}

func TestFromFinding(t *testing.T) {
	f := review.Finding{Item: ItemContent, Message: "不得设定罚款", Suggestion: "删除", Quote: "罚款200元", Basis: []review.Basis{{Law: "行政处罚法", Article: "第十七条"}}}
	a := FromFinding(f)
	if a.Problem != f.Message || a.Quote != f.Quote || a.Suggestion != f.Suggestion || a.Item != f.Item || len(a.Basis) != 1 {
		t.Errorf("FromFinding = %+v", a)
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
// text and the page numbers; -update also refreshes docs/opinion-sample.png.
func TestPDF(t *testing.T) {
	chromium, soffice := Available()
	o := sample()
	type renderer struct {
		name string
		ok   bool
		run  func(context.Context) ([]byte, error)
	}
	for _, r := range []renderer{
		{"chromium", chromium, func(ctx context.Context) ([]byte, error) {
			h, err := o.HTML()
			if err != nil {
				return nil, err
			}
			return PDF(ctx, h)
		}},
		{"libreoffice", soffice, func(ctx context.Context) ([]byte, error) {
			d, err := o.DOCX()
			if err != nil {
				return nil, err
			}
			return DOCXToPDF(ctx, d)
		}},
	} {
		t.Run(r.name, func(t *testing.T) {
			if !r.ok {
				t.Skipf("%s is not installed", r.name)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			pdf, err := r.run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF")) {
				t.Fatal("not a PDF")
			}
			text, pages := pdfText(t, pdf)
			// a sentence may run across a page break, past the page number
			flat := squeeze(regexp.MustCompile(`—\s*\d+\s*—`).ReplaceAllString(text, ""))
			for _, s := range mustContain(o) {
				if !strings.Contains(flat, squeeze(s)) {
					t.Errorf("PDF lacks %q", s)
				}
			}
			// Page numbers "— N —" on every page, odd on the right.
			for n := 1; n <= pages; n++ {
				if !regexp.MustCompile(`—\s*` + string(rune('0'+n)) + `\s*—`).MatchString(text) {
					t.Errorf("page %d has no page number", n)
				}
			}
			if pages < 2 {
				t.Errorf("%d pages: the sample should need more than one", pages)
			}
			if *update && r.name == "chromium" {
				samplePNG(t, pdf)
			}
		})
	}
}

func samplePNG(t *testing.T, pdf []byte) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Log("pdftoppm missing: docs/opinion-sample.png not refreshed")
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "o.pdf")
	os.WriteFile(p, pdf, 0o600)
	if out, err := exec.Command("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../../docs/opinion-sample.png", b, 0o644); err != nil {
		t.Fatal(err)
	}
}
