package opinion

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lawreview/corpus/atomicfile"
	"lawreview/corpus/docx"
)

// A Printer makes the PDFs of opinions. It keeps one headless Chromium
// running between PDFs (LibreOffice with one profile where Chromium is
// missing), stops it when unused, renders one PDF at a time (the machine is
// small and shared), and keeps every PDF by the SHA-256 of what the opinion
// prints, in memory and, with a Dir, on disk across restarts. The same
// opinion is printed once; an opinion that changes in any printed
// character (a re-signed revision, another 文号) gets a new PDF.
//
// Start returns at once with a Job whose state a page can show (正在生成,
// 已生成, 生成失败) while the PDF is made in the background; PDF waits for it.
type Printer struct {
	opt PrinterOptions

	mu   sync.Mutex
	jobs map[string]*Job
	done []string // finished jobs' keys, oldest first, for eviction

	// stop is done once the printer is closed (cancelled with mu held, so
	// Start sees it); it also ends a rendering in progress: a PDF that
	// Chromium is slow to print on a loaded machine must not hold a
	// server's shutdown for the whole Timeout.
	stop     context.Context
	stopping context.CancelFunc

	render sync.Mutex // one rendering at a time; guards the fields below
	work   string     // fonts.conf, the browser's and LibreOffice's profiles
	br     *browser
	idle   *time.Timer

	renders atomic.Int64 // PDFs made, for the tests
}

// PrinterOptions configure a Printer; the zero value is usable.
type PrinterOptions struct {
	// Dir keeps the PDFs on disk, named by key; empty: in memory only.
	Dir string
	// Timeout bounds one PDF; 0 means 2 minutes.
	Timeout time.Duration
	// Idle stops the renderer after this long unused; 0 means 5 minutes.
	Idle time.Duration
	// Keep is how many finished PDFs are kept in memory; 0 means 32.
	Keep int
}

// NewPrinter returns a Printer; it starts nothing until the first PDF.
func NewPrinter(opt PrinterOptions) *Printer {
	if opt.Timeout <= 0 {
		opt.Timeout = 2 * time.Minute
	}
	if opt.Idle <= 0 {
		opt.Idle = 5 * time.Minute
	}
	if opt.Keep <= 0 {
		opt.Keep = 32
	}
	stop, stopping := context.WithCancel(context.Background())
	return &Printer{opt: opt, jobs: map[string]*Job{}, stop: stop, stopping: stopping}
}

// JobState is where a PDF is. Stored as its string; Label is what users
// read.
type JobState string

// The states of a Job.
const (
	JobRunning JobState = "running"
	JobDone    JobState = "done"
	JobFailed  JobState = "failed"
)

// Label is the state in Chinese, for the page that waits for the PDF.
func (s JobState) Label() string {
	switch s {
	case JobRunning:
		return "正在生成"
	case JobDone:
		return "已生成"
	case JobFailed:
		return "生成失败"
	}
	return string(s)
}

// ErrPDFPending is what Job.Result returns while the PDF is being made.
var ErrPDFPending = errors.New("PDF 正在生成，请稍候")

// Job is one PDF, being made or made.
type Job struct {
	Key     string // the opinion's SHA256
	Started time.Time

	done chan struct{}
	pdf  []byte
	err  error
}

// Done is closed when the PDF is made or has failed.
func (j *Job) Done() <-chan struct{} { return j.done }

// State says where the PDF is.
func (j *Job) State() JobState {
	select {
	case <-j.done:
		if j.err != nil {
			return JobFailed
		}
		return JobDone
	default:
		return JobRunning
	}
}

// Result returns the PDF, the error that stopped it, or ErrPDFPending.
func (j *Job) Result() ([]byte, error) {
	select {
	case <-j.done:
		return j.pdf, j.err
	default:
		return nil, ErrPDFPending
	}
}

// Wait waits for the PDF.
func (j *Job) Wait(ctx context.Context) ([]byte, error) {
	select {
	case <-j.done:
		return j.pdf, j.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// printed is what an opinion prints: the print view and the .docx, the
// inputs of either renderer.
type printed struct {
	html, docx []byte
	key        string
}

func (o *Opinion) printed() (*printed, error) {
	h, err := o.HTML()
	if err != nil {
		return nil, err
	}
	d, err := o.DOCX()
	if err != nil {
		return nil, err
	}
	sum := sha256.New()
	sum.Write(h)
	sum.Write([]byte{0})
	sum.Write(d)
	return &printed{html: h, docx: d, key: hex.EncodeToString(sum.Sum(nil))}, nil
}

// SHA256 identifies what the opinion prints: the hex SHA-256 of its print
// view and its .docx, so any change to a printed character or to the
// layout gives another key.
func (o *Opinion) SHA256() (string, error) {
	p, err := o.printed()
	if err != nil {
		return "", err
	}
	return p.key, nil
}

// Start returns the Job of the opinion's PDF: a finished one when this
// opinion was printed before, else one that has just started in the
// background (or was already running). An opinion that cannot be printed
// as it stands returns its *InputError; a machine without renderers
// ErrPDFUnavailable.
func (p *Printer) Start(o *Opinion) (*Job, error) {
	pr, err := o.printed()
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stop.Err() != nil {
		return nil, errPrinterClosed
	}
	if j, ok := p.jobs[pr.key]; ok && j.State() != JobFailed {
		return j, nil
	}
	if b, ok := p.fromDisk(pr.key); ok {
		j := &Job{Key: pr.key, Started: time.Now(), done: make(chan struct{}), pdf: b}
		close(j.done)
		p.keep(j)
		return j, nil
	}
	if c, s := Available(); !c && !s {
		return nil, ErrPDFUnavailable
	}
	j := &Job{Key: pr.key, Started: time.Now(), done: make(chan struct{})}
	p.jobs[pr.key] = j
	go p.run(j, pr)
	return j, nil
}

// Job returns the Job of a key Start returned, or nil when this printer
// has none (never started, evicted, or failed and forgotten).
func (p *Printer) Job(key string) *Job {
	p.mu.Lock()
	defer p.mu.Unlock()
	if j, ok := p.jobs[key]; ok {
		return j
	}
	if b, ok := p.fromDisk(key); ok {
		j := &Job{Key: key, Started: time.Now(), done: make(chan struct{}), pdf: b}
		close(j.done)
		p.keep(j)
		return j
	}
	return nil
}

// PDF returns the opinion's PDF, made now or earlier.
func (p *Printer) PDF(ctx context.Context, o *Opinion) ([]byte, error) {
	j, err := p.Start(o)
	if err != nil {
		return nil, err
	}
	return j.Wait(ctx)
}

var errPrinterClosed = errors.New("opinion printer closed")

// Close stops the renderer; running jobs fail.
func (p *Printer) Close() error {
	p.markClosed()
	p.render.Lock()
	defer p.render.Unlock()
	p.stopEngine()
	if p.work != "" {
		os.RemoveAll(p.work)
		p.work = ""
	}
	return nil
}

func (p *Printer) markClosed() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopping()
}

func (p *Printer) fromDisk(key string) ([]byte, bool) {
	if p.opt.Dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(filepath.Join(p.opt.Dir, key+".pdf"))
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		return nil, false
	}
	return b, true
}

// keep records a finished job and forgets the oldest past Keep (their
// PDFs stay on disk). Called with p.mu held.
func (p *Printer) keep(j *Job) {
	p.jobs[j.Key] = j
	p.done = append(p.done, j.Key)
	for len(p.done) > p.opt.Keep {
		old := p.done[0]
		p.done = p.done[1:]
		if oj, ok := p.jobs[old]; ok && oj.State() != JobRunning {
			delete(p.jobs, old)
		}
	}
}

func (p *Printer) run(j *Job, pr *printed) {
	pdf, err := p.renderOne(pr)
	if err == nil && p.opt.Dir != "" {
		if e := os.MkdirAll(p.opt.Dir, 0o755); e != nil {
			err = fmt.Errorf("keep PDF: %w", e)
		} else if e := atomicfile.WriteFile(filepath.Join(p.opt.Dir, j.Key+".pdf"), pdf); e != nil {
			err = fmt.Errorf("keep PDF: %w", e)
		}
	}
	p.finish(j, pdf, err)
}

// renderOne makes one PDF, alone on the renderer.
func (p *Printer) renderOne(pr *printed) ([]byte, error) {
	p.render.Lock()
	defer p.render.Unlock()
	if p.stop.Err() != nil {
		// Jobs queued behind the one Close ended must not start a new
		// browser after it.
		return nil, errPrinterClosed
	}
	ctx, cancel := context.WithTimeout(p.stop, p.opt.Timeout)
	defer cancel()
	p.renders.Add(1)
	return p.print(ctx, pr)
}

// finish records a job's outcome and wakes its waiters.
func (p *Printer) finish(j *Job, pdf []byte, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	j.pdf, j.err = pdf, err
	close(j.done)
	if err != nil {
		delete(p.jobs, j.Key) // the next Start tries again
	} else {
		p.keep(j)
	}
}

// print renders with the running browser, starting one when there is
// none; a browser that fails is replaced once. Without Chromium the .docx
// goes through LibreOffice. Called with p.render held.
func (p *Printer) print(ctx context.Context, pr *printed) ([]byte, error) {
	if err := p.ensureWork(); err != nil {
		return nil, err
	}
	defer p.armIdle()
	bin := find("LAWREVIEW_CHROMIUM", ChromiumNames)
	if bin == "" {
		if find("LAWREVIEW_SOFFICE", SofficeNames) == "" {
			return nil, ErrPDFUnavailable
		}
		return convert(ctx, pr.docx, "docx", "pdf", filepath.Join(p.work, "office"), fontEnv(p.work))
	}
	for try := 0; ; try++ {
		if p.br == nil || !p.br.alive() {
			br, err := startBrowser(bin, filepath.Join(p.work, "chromium"), fontEnv(p.work))
			if err != nil {
				return nil, err
			}
			p.br = br
		}
		pdf, err := p.br.print(ctx, pr.html)
		if err == nil {
			return pdf, nil
		}
		p.stopEngine() // in an unknown state after a failure
		if try == 1 || ctx.Err() != nil {
			return nil, err
		}
	}
}

// ensureWork makes the working directory and its fonts.conf.
func (p *Printer) ensureWork() error {
	if p.work != "" {
		return nil
	}
	dir, err := os.MkdirTemp("", "lawreview-printer-")
	if err != nil {
		return fmt.Errorf("opinion printer: %w", err)
	}
	for _, sub := range []string{"chromium", "office"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o700); err != nil {
			return fmt.Errorf("opinion printer: %w", err)
		}
	}
	if err := writeFontsConf(dir); err != nil {
		return err
	}
	p.work = dir
	return nil
}

// armIdle (re)starts the timer that stops an unused browser.
func (p *Printer) armIdle() {
	if p.idle != nil {
		p.idle.Stop()
	}
	p.idle = time.AfterFunc(p.opt.Idle, func() {
		p.render.Lock()
		defer p.render.Unlock()
		p.stopEngine()
	})
}

// stopEngine ends the browser. Called with p.render held.
func (p *Printer) stopEngine() {
	if p.br != nil {
		p.br.close()
		p.br = nil
	}
}

// systemFontsConf is the fontconfig file the renderers' configuration
// includes; where it is missing the system's configuration is left alone.
var systemFontsConf = "/etc/fonts/fonts.conf"

// writeFontsConf writes dir/fonts.conf: the system's configuration plus,
// for each face the documents name, its declared fallbacks in order
// (docx.Fallbacks), bound strongly so that they come before fontconfig's
// choice by language. Without it LibreOffice printed 仿宋_GB2312 in Noto Sans
// (黑体-like) and Chromium each face in whatever the CSS named last; with it
// both print the same faces the CSS and Word's altName name. No file is
// written on a system without /etc/fonts/fonts.conf.
func writeFontsConf(dir string) error {
	if _, err := os.Stat(systemFontsConf); err != nil {
		return nil
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">` + "\n<fontconfig>\n")
	fmt.Fprintf(&b, "<include ignore_missing=\"yes\">%s</include>\n", docx.Esc(systemFontsConf))
	for _, face := range []string{docx.FontBody, docx.FontTitle, docx.FontHeading1, docx.FontHeading2, docx.FontSong} {
		fmt.Fprintf(&b, "<alias binding=\"strong\"><family>%s</family><accept>", docx.Esc(face))
		for _, f := range docx.Fallbacks[face] {
			fmt.Fprintf(&b, "<family>%s</family>", docx.Esc(f))
		}
		b.WriteString("</accept></alias>\n")
	}
	b.WriteString("</fontconfig>\n")
	if err := os.WriteFile(filepath.Join(dir, "fonts.conf"), []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("fonts.conf: %w", err)
	}
	return nil
}

// fontEnv is the environment that makes a renderer use dir/fonts.conf.
func fontEnv(dir string) []string {
	p := filepath.Join(dir, "fonts.conf")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	return []string{"FONTCONFIG_FILE=" + p}
}

// defaultPrinter serves Opinion.PDF: one browser and one cache per process.
var defaultPrinter = sync.OnceValue(func() *Printer { return NewPrinter(PrinterOptions{}) })

// SharedPrinter is the process's Printer that Opinion.PDF uses, for
// callers that print without owning a Printer (tests, the command line).
// It is never closed: its browser stops when unused.
func SharedPrinter() *Printer { return defaultPrinter() }
