package opinion

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// ErrPDFUnavailable means this machine has neither Chromium nor LibreOffice,
// so no PDF can be made; the .docx is still available. The UI shows the
// message as it is.
var ErrPDFUnavailable = errors.New("本机未安装 Chromium 或 LibreOffice，无法生成 PDF，请下载 Word 版本")

// lookPath is swapped in tests to simulate a machine without renderers.
var lookPath = exec.LookPath

// ChromiumNames and SofficeNames are the executables tried, in order. The
// LAWREVIEW_CHROMIUM and LAWREVIEW_SOFFICE environment variables, when set,
// name the executable to use instead.
var (
	ChromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"}
	SofficeNames  = []string{"soffice", "libreoffice"}
)

func find(env string, names []string) string {
	if p := os.Getenv(env); p != "" {
		if q, err := lookPath(p); err == nil {
			return q
		}
	}
	for _, n := range names {
		if p, err := lookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// Available reports which renderers PDF can use, for the UI to decide
// whether to offer the PDF download at all.
func Available() (chromium, soffice bool) {
	return find("LAWREVIEW_CHROMIUM", ChromiumNames) != "", find("LAWREVIEW_SOFFICE", SofficeNames) != ""
}

// PDF prints an HTML page (the print view from Opinion.HTML) with a
// headless Chromium started for it alone; a Printer keeps one running. It
// returns ErrPDFUnavailable when Chromium is not installed.
func PDF(ctx context.Context, html []byte) ([]byte, error) {
	bin := find("LAWREVIEW_CHROMIUM", ChromiumNames)
	if bin == "" {
		return nil, ErrPDFUnavailable
	}
	dir, err := os.MkdirTemp("", "lawreview-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "opinion.html")
	out := filepath.Join(dir, "opinion.pdf")
	if err := os.WriteFile(in, html, 0o600); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--mute-audio",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer", "--print-to-pdf="+out, "file://"+in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if err := writeFontsConf(dir); err != nil {
		return nil, err
	}
	cmd.Env = append(cmd.Env, fontEnv(dir)...)
	return run(cmd, out, "chromium")
}

// DOCXToPDF converts a .docx (an opinion or an annotated draft) with
// LibreOffice. Each call uses its own LibreOffice profile so that
// concurrent conversions do not block on the profile lock.
func DOCXToPDF(ctx context.Context, docx []byte) ([]byte, error) {
	return Convert(ctx, docx, "docx", "pdf")
}

// Convert runs `soffice --headless --convert-to filter` on data saved with
// the extension ext and returns the converted file. filter is what
// --convert-to takes, e.g. "pdf", "odt" or a filter with options.
func Convert(ctx context.Context, data []byte, ext, filter string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "lawreview-soffice-")
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := writeFontsConf(dir); err != nil {
		return nil, err
	}
	return convert(ctx, data, ext, filter, dir, fontEnv(dir))
}

// convert is Convert with LibreOffice's profile in dir (a Printer keeps
// one for its life: creating a profile is most of a first conversion's
// time) and env added to the environment. Calls sharing dir must not run
// at the same time: LibreOffice locks its profile.
func convert(ctx context.Context, data []byte, ext, filter, dir string, env []string) ([]byte, error) {
	bin := find("LAWREVIEW_SOFFICE", SofficeNames)
	if bin == "" {
		return nil, ErrPDFUnavailable
	}
	work, err := os.MkdirTemp(dir, "job-")
	if err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	defer os.RemoveAll(work)
	in := filepath.Join(work, "in."+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	outDir := filepath.Join(work, "out")
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "--nolockcheck",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", filter, "--outdir", outDir, in)
	cmd.Env = append(append(os.Environ(), "HOME="+dir), env...)
	outExt := filter
	if i := bytes.IndexByte([]byte(filter), ':'); i >= 0 {
		outExt = filter[:i]
	}
	return run(cmd, filepath.Join(outDir, "in."+outExt), "soffice")
}

func run(cmd *exec.Cmd, out, name string) ([]byte, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %w: %s", name, err, tail(stderr.String()))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("%s produced no output: %w: %s", name, err, tail(stderr.String()))
	}
	return data, nil
}

func tail(s string) string {
	if len(s) > 500 {
		return s[len(s)-500:]
	}
	return s
}

// PDF renders the opinion as PDF: the HTML print view through Chromium
// when it is installed, otherwise the .docx through LibreOffice, with the
// process's shared Printer (one browser kept running, each opinion printed
// once). It returns ErrPDFUnavailable when neither is installed.
func (o *Opinion) PDF(ctx context.Context) ([]byte, error) {
	return defaultPrinter().PDF(ctx, o)
}
