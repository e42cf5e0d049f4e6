package opinion

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/corpus"
	"lawreview/corpus/extract"
	"lawreview/review"
)

var (
	engineOnce sync.Once
	engine     *review.Engine
	engineErr  error
)

// reviewEngine is the engine over the default corpus, as the CLI builds it.
func reviewEngine(t *testing.T) *review.Engine {
	t.Helper()
	engineOnce.Do(func() {
		var c *corpus.Corpus
		if c, engineErr = corpus.Default(); engineErr == nil {
			engine, engineErr = review.New(review.Config{Laws: c})
		}
	})
	if engineErr != nil {
		t.Fatalf("build engine: %v", engineErr)
	}
	return engine
}

// The drafts the page-count tests print: the web's demo 村规民约 (the one
// issue 13 was measured on) and a draft of the evaluation set whose six
// labelled problems the engine finds, so that an opinion with six problems
// is tested whatever the demo gives today.
var (
	demoDraft = filepath.Join("..", "..", "web", "workflow", "demo", "village-rules.md")
	sixDraft  = filepath.Join("..", "..", "testdata", "eval", "cgmy-05.txt")
)

// draftOpinion reviews a draft with the real engine and signs it as the
// 所长 of the demo office would, accepting the first max findings (all when
// max is 0).
func draftOpinion(t *testing.T, path string, max int) *Opinion {
	t.Helper()
	doc, err := extract.File(path, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	rep, err := reviewEngine(t).Review(review.Input{File: path, Title: doc.Title, Text: doc.Text, Paragraphs: doc.Paragraphs},
		review.Options{Type: "村规民约", At: time.Date(2026, 11, 20, 0, 0, 0, 0, cst)})
	if err != nil {
		t.Fatal(err)
	}
	fs := rep.Findings
	if max > 0 {
		if len(fs) < max {
			t.Fatalf("%s gives %d findings, the test needs %d", path, len(fs), max)
		}
		fs = fs[:max]
	}
	o := &Opinion{
		Number:      Numbering{}.Format("城关司法所", 2026, 1),
		Office:      "城关司法所",
		Submitter:   "东湖镇人民政府",
		DocTitle:    doc.Title,
		Received:    time.Date(2026, 11, 20, 10, 0, 0, 0, cst),
		DocType:     rep.Type,
		Items:       ItemsFromChecklist(rep.Checklist),
		Conclusion:  ConclusionLegalIfAmended,
		OpinionText: "请你单位指导村民委员会按照上述意见修改后，提交村民会议讨论通过，并报镇人民政府备案。",
		Reviewer:    "王建国",
		Signed:      time.Date(2026, 12, 2, 15, 0, 0, 0, cst),
	}
	for _, f := range fs {
		o.Findings = append(o.Findings, FromFinding(f))
	}
	return o
}

// renderer prints an opinion to PDF one way.
type renderer struct {
	name  string
	print func(t *testing.T, o *Opinion) []byte
}

// The tests print through one Printer (one browser for all of them) and
// one LibreOffice profile, as the server does; TestMain ends both.
var (
	testPrinter = sync.OnceValue(func() *Printer { return NewPrinter(PrinterOptions{}) })
	officeDir   = sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "lawreview-test-office-")
		if err == nil {
			err = writeFontsConf(dir)
		}
		return dir, err
	})
	usedPrinter, usedOffice bool
)

func TestMain(m *testing.M) {
	code := m.Run()
	if usedPrinter {
		testPrinter().Close()
	}
	if dir, err := officeDir(); usedOffice && err == nil {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// renderers are the ways this machine can print: the .docx through
// LibreOffice and the print view through Chromium. A test that needs
// them is skipped, with the reason, when there are none.
func renderers(t *testing.T) []renderer {
	t.Helper()
	chromium, soffice := Available()
	var out []renderer
	if soffice {
		out = append(out, renderer{"libreoffice", func(t *testing.T, o *Opinion) []byte {
			d, err := o.DOCX()
			if err != nil {
				t.Fatal(err)
			}
			dir, err := officeDir()
			if err != nil {
				t.Fatal(err)
			}
			usedOffice = true
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			return checkPDF(t)(convert(ctx, d, "docx", "pdf", dir, fontEnv(dir)))
		}})
	}
	if chromium {
		out = append(out, renderer{"chromium", func(t *testing.T, o *Opinion) []byte {
			usedPrinter = true
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			return checkPDF(t)(testPrinter().PDF(ctx, o))
		}})
	}
	if len(out) == 0 {
		t.Skip("neither LibreOffice (soffice) nor Chromium is installed: no PDF to count pages in")
	}
	return out
}

// checkPDF fails the test unless a renderer gave a PDF.
func checkPDF(t *testing.T) func([]byte, error) []byte {
	return func(pdf []byte, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF")) {
			t.Fatal("not a PDF")
		}
		return pdf
	}
}

// pdfPages is the text of each page (pdftotext -layout).
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	text, _ := pdfText(t, pdf)
	ps := strings.Split(text, "\f")
	if len(ps) > 0 && strings.TrimSpace(ps[len(ps)-1]) == "" {
		ps = ps[:len(ps)-1]
	}
	return ps
}

// annexPage is the index of the page the annex starts on ("附件" alone on
// its first line), or len(pages).
func annexPage(pages []string) int {
	for i, p := range pages {
		if first, _, _ := strings.Cut(strings.TrimSpace(p), "\n"); strings.TrimSpace(first) == "附件" {
			return i
		}
	}
	return len(pages)
}

// TestDemoPages prints the opinion on the demo 村规民约 and on a draft with
// six problems, with each renderer, and checks what issue 13 asks: at
// most three pages before the annex, the conclusion, the office and the
// date on one page, the annex on pages of its own, the 文号 the same in
// the .docx, the print view and the PDF. With -update it renders the
// six-problem opinion's pages as PNGs into docs/ through LibreOffice.
func TestDemoPages(t *testing.T) {
	rs := renderers(t)
	for _, d := range []struct {
		name string
		o    *Opinion
	}{
		{"demo", draftOpinion(t, demoDraft, 0)},
		{"six", draftOpinion(t, sixDraft, 6)},
	} {
		number := "城关司法所〔2026〕1号"
		h, _ := d.o.HTML()
		x, _ := d.o.DOCX()
		if !strings.Contains(string(h), ">"+number+"</p>") || !strings.Contains(string(parts(t, x)["word/document.xml"]), ">"+number+"</w:t>") {
			t.Errorf("%s: the print view or the .docx does not print the 文号 %s", d.name, number)
		}
		for _, r := range rs {
			t.Run(d.name+"/"+r.name, func(t *testing.T) {
				pdf := r.print(t, d.o)
				pages := pdfPages(t, pdf)
				annex := annexPage(pages)
				t.Logf("%d problems: %d pages before the annex, %d in all", len(d.o.Findings), annex, len(pages))
				if annex > 3 {
					t.Errorf("%d pages before the annex, want at most 3", annex)
				}
				if annex == len(pages) {
					t.Error("no annex with the articles' texts")
				}
				if p := squeeze(pages[0]); !strings.Contains(p, "城关司法所") || !strings.Contains(p, number) {
					t.Errorf("page 1 lacks the 版头 or the 文号 %s", number)
				}
				last := squeeze(pages[annex-1])
				for _, s := range []string{"审查结论：", "附件：相关法律条文", "城关司法所", "2026年12月2日"} {
					if !strings.Contains(last, s) {
						t.Errorf("the last page of the letter lacks %s: the signature must be on the conclusion's page", s)
					}
				}
				if *update && r.name == "libreoffice" && d.name == "six" {
					pagePNG(t, pdf, 1, "opinion-page1.png")
					pagePNG(t, pdf, annex, "opinion-signature.png")
					pagePNG(t, pdf, len(pages), "opinion-lastpage.png")
				}
			})
		}
	}
}

// pagePNG renders page n of a PDF into docs/.
func pagePNG(t *testing.T, pdf []byte, n int, name string) {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Logf("pdftoppm missing: docs/%s not refreshed", name)
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "o.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "72", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n), "-singlefile", p, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "docs", name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
