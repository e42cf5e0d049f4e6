package opinion

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestJobStateLabels(t *testing.T) {
	for s, want := range map[JobState]string{JobRunning: "正在生成", JobDone: "已生成", JobFailed: "生成失败"} {
		if s.Label() != want {
			t.Errorf("%s.Label() = %q, want %q", s, s.Label(), want)
		}
	}
}

// TestOpinionKey: the key follows every printed character and nothing
// else.
func TestOpinionKey(t *testing.T) {
	a, err := sample().SHA256()
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := sample().SHA256(); a != b || len(a) != 64 {
		t.Errorf("the same opinion gives %s and %s", a, b)
	}
	for name, edit := range map[string]func(*Opinion){
		"文号":       func(o *Opinion) { o.Number = Numbering{}.Format("青山镇司法所", 2026, 4) },
		"版头 off":   func(o *Opinion) { o.Letterhead.Off = true },
		"no annex": func(o *Opinion) { o.OmitAnnex = true },
		"wording":  func(o *Opinion) { o.Findings[0].Suggestion += "。" + "另行处理" },
	} {
		o := sample()
		edit(o)
		if k, _ := o.SHA256(); k == a {
			t.Errorf("%s: same key", name)
		}
	}
	o := sample()
	o.Number = ""
	if _, err := o.SHA256(); !errors.Is(err, ErrInput) {
		t.Errorf("an incomplete opinion: %v, want ErrInput", err)
	}
}

// TestPrinterReuse prints two opinions with one Printer: one browser for
// both, each opinion rendered once, the PDFs kept on disk for the next
// Printer, and nothing left running after Close.
func TestPrinterReuse(t *testing.T) {
	if c, _ := Available(); !c {
		t.Skip("Chromium is not installed: the printer's browser cannot be tested")
	}
	dir := t.TempDir()
	p := NewPrinter(PrinterOptions{Dir: dir})
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	o := sample()
	j, err := p.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	if s := j.State(); s != JobRunning && s != JobDone {
		t.Fatalf("state %s after Start", s)
	}
	pdf, err := j.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) || j.State() != JobDone {
		t.Fatalf("not a PDF, state %s", j.State())
	}
	if b, err := j.Result(); err != nil || !bytes.Equal(b, pdf) {
		t.Errorf("Result after Wait: %v", err)
	}
	p.render.Lock()
	first := p.br
	p.render.Unlock()
	if first == nil || !first.alive() {
		t.Fatal("no browser kept running after the first PDF")
	}

	// The same opinion again: the same job, no rendering.
	again, err := p.Start(sample())
	if err != nil {
		t.Fatal(err)
	}
	if again != j || again.State() != JobDone || p.renders.Load() != 1 {
		t.Errorf("the same opinion was printed again (%d renders)", p.renders.Load())
	}
	if p.Job(j.Key) != j {
		t.Error("Job(key) does not find the job")
	}

	// Another opinion: a new PDF from the same browser.
	o2 := sample()
	o2.Number = Numbering{}.Format("青山镇司法所", 2026, 4)
	pdf2, err := p.PDF(ctx, o2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(pdf, pdf2) || p.renders.Load() != 2 {
		t.Errorf("another opinion: %d renders, same bytes %v", p.renders.Load(), bytes.Equal(pdf, pdf2))
	}
	p.render.Lock()
	same := p.br == first && first.alive()
	p.render.Unlock()
	if !same {
		t.Error("the second PDF started another browser")
	}
	if text, _ := pdfText(t, pdf2); !strings.Contains(squeeze(text), "青山镇司法所〔2026〕4号") {
		t.Error("the second PDF does not print its own 文号")
	}

	// A new Printer on the same directory finds both PDFs without
	// rendering.
	if _, err := os.Stat(filepath.Join(dir, j.Key+".pdf")); err != nil {
		t.Fatalf("PDF not kept on disk: %v", err)
	}
	p2 := NewPrinter(PrinterOptions{Dir: dir})
	defer p2.Close()
	j2, err := p2.Start(sample())
	if err != nil {
		t.Fatal(err)
	}
	if b, err := j2.Result(); err != nil || !bytes.Equal(b, pdf) || p2.renders.Load() != 0 {
		t.Errorf("from disk: %v, %d renders", err, p2.renders.Load())
	}

	pid := first.cmd.Process.Pid
	p.Close()
	if first.alive() {
		t.Errorf("browser %d still running after Close", pid)
	}
	if _, err := p.Start(o2); err == nil {
		t.Error("Start after Close succeeded")
	}
}

// TestPrinterFonts prints through LibreOffice (Chromium hidden) and reads
// the faces the PDF embeds: the body falls back along its declared chain
// to a Song-style face (Noto Serif CJK) here, not to the sans-serif face
// fontconfig picks for an unknown Chinese name.
func TestPrinterFonts(t *testing.T) {
	if _, s := Available(); !s {
		t.Skip("LibreOffice is not installed")
	}
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts (poppler-utils) is not installed")
	}
	if _, err := os.Stat(systemFontsConf); err != nil {
		t.Skip("no /etc/fonts/fonts.conf: the renderers keep the system's fonts")
	}
	if out, _ := exec.Command("fc-list", ":family=Noto Serif CJK SC").Output(); len(out) == 0 {
		t.Skip("Noto Serif CJK SC is not installed (fonts-noto-cjk): nothing on the chain to fall back to here")
	}
	old := lookPath
	lookPath = func(name string) (string, error) {
		for _, c := range ChromiumNames {
			if name == c {
				return "", exec.ErrNotFound
			}
		}
		return old(name)
	}
	defer func() { lookPath = old }()
	p := NewPrinter(PrinterOptions{})
	defer p.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	pdf, err := p.PDF(ctx, sample())
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "o.pdf")
	os.WriteFile(f, pdf, 0o600)
	out, err := exec.Command("pdffonts", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "NotoSerifCJK") {
		t.Errorf("the body is not in the chain's Song-style face:\n%s", out)
	}
}
