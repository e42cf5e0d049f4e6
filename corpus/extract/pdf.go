package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// PDF text comes from PDFium compiled to WebAssembly and run by wazero (see
// docs/pdf-library.md): it decodes CJK fonts through their ToUnicode CMaps,
// including the Type 3 fonts Chromium writes, reports every character with
// its position, and a malformed file can only trap inside the sandbox.

var pdfiumPool struct {
	once sync.Once
	pool pdfium.Pool
	err  error
}

// Memory of the PDFium sandboxes. docs/pdf-library.md once promised a
// 1 GiB cap; a 3 MB PDF whose content stream inflates to 1 GB then took
// 4-5 GB per extraction (issue 14, defect 2): wazero grew the sandbox by
// copying it, and Go kept the old copies until its collector ran. Now each
// sandbox is capped at 128 MiB and lives in a mapping that grows in place
// and is given back when the instance closes (pdfmem_linux.go), and all
// sandboxes together draw on one budget of 192 MiB. The fixtures and a
// 200-page Chinese PDF printed by Chromium need 18 MiB.
const (
	pdfSandboxMemory = 128 << 20 // one sandbox
	pdfMemoryTotal   = 192 << 20 // all sandboxes together
	pdfInstances     = 2         // at most this many extractions at once
)

var pdfMemory = &memBudget{limit: pdfMemoryTotal}

// memBudget is a number of bytes shared by every sandbox.
type memBudget struct {
	mu          sync.Mutex
	limit, used int64
	peak        int64 // for tests and the measurements in docs/
	refused     int64 // growths refused so far
}

// take reserves n bytes; force takes them even past the limit.
func (b *memBudget) take(n int64, force bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !force && b.used+n > b.limit {
		b.refused++
		return false
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return true
}

func (b *memBudget) refuse() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.refused++
}

func (b *memBudget) refusals() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.refused
}

func (b *memBudget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
}

func pdfiumInstance() (pdfium.Pdfium, error) {
	pdfiumPool.once.Do(func() {
		rc := wazero.NewRuntimeConfig().
			WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(wasmMemoryPages). // pdfmem_*.go
			WithCloseOnContextDone(true)           // Kill (pdfTimeout) stops a running call
		// Compiling the module costs seconds; a disk cache makes every
		// later process (CLI runs, test binaries) start in a fraction.
		if dir, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(dir, "lawreview", "wazero")
			if os.MkdirAll(dir, 0o755) == nil {
				if cache, err := wazero.NewCompilationCacheWithDir(dir); err == nil {
					rc = rc.WithCompilationCache(cache)
				}
			}
		}
		pdfiumPool.pool, pdfiumPool.err = webassembly.Init(webassembly.Config{
			// Instances are made with this context: it carries the allocator.
			Context:       experimental.WithMemoryAllocator(context.Background(), newPDFAllocator()),
			MinIdle:       0,
			MaxIdle:       1,
			MaxTotal:      pdfInstances,
			FSConfig:      wazero.NewFSConfig(), // no host files: PDFs are passed as bytes
			RuntimeConfig: rc,
			Stdout:        io.Discard,
			Stderr:        io.Discard,
		})
	})
	if pdfiumPool.err != nil {
		return nil, fmt.Errorf("init pdfium: %w", pdfiumPool.err)
	}
	return pdfiumPool.pool.GetInstance(2 * time.Minute)
}

// pdfLine is one line of text as PDFium laid it out.
type pdfLine struct {
	text                     string
	left, right, top, bottom float64
	size                     float64 // glyph height, about one em
}

// pdfTimeout bounds the time PDFium may spend on one file; past it the
// sandbox is killed (its memory given back) and the file refused.
var pdfTimeout = 60 * time.Second

func extractPDF(name string, data []byte, opt Options) (doc *Document, err error) {
	if err := scanPDFStreams(data); err != nil {
		return nil, err
	}
	inst, err := pdfiumInstance()
	if err != nil {
		return nil, newErr(CodeInternal, "PDF 组件无法启动，请联系管理员", err)
	}
	var killed atomic.Bool
	timer := time.AfterFunc(pdfTimeout, func() {
		killed.Store(true)
		_ = inst.Kill()
	})
	refusedBefore := pdfMemory.refusals()
	defer func() {
		timer.Stop()
		if !killed.Load() {
			inst.Close()
		}
		// Whatever PDFium said when it ran out of its memory or time,
		// the user hears why.
		if err == nil {
			return
		}
		switch {
		case killed.Load():
			doc, err = nil, newErr(CodeTooLong, fmt.Sprintf("PDF 文件处理超过 %d 秒仍未完成，已停止。请另存为 Word 文件后上传", int(pdfTimeout.Seconds())), err)
		case pdfMemory.refusals() != refusedBefore && CodeOf(err) == CodeCorrupt:
			doc, err = nil, newErr(CodeZipBomb, msgPDFBomb, err)
		}
	}()
	buf := data
	opened, err := inst.OpenDocument(&requests.OpenDocument{File: &buf})
	if err != nil {
		if errors.Is(err, pdfiumerrors.ErrPassword) {
			return nil, newErr(CodeEncrypted, msgEncPDF, fmt.Errorf("open pdf %s: %w", name, err))
		}
		return nil, newErr(CodeCorrupt, msgCorruptPD, fmt.Errorf("open pdf %s: %w", name, err))
	}
	pdoc := opened.Document
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: pdoc})
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: pdoc})
	if err != nil {
		return nil, newErr(CodeCorrupt, msgCorruptPD, fmt.Errorf("count pages of %s: %w", name, err))
	}
	if pc.PageCount == 0 {
		return nil, newErr(CodeEmpty, msgEmpty, nil)
	}
	if pc.PageCount > opt.MaxPages {
		return nil, newErr(CodeTooLong, fmt.Sprintf("PDF 文件页数过多（%d 页，上限 %d 页），已拒绝处理。请拆分后分别提交", pc.PageCount, opt.MaxPages), nil)
	}
	var pages [][]pdfLine
	chars, counted := 0, 0
	for i := 0; i < pc.PageCount; i++ {
		// Count the page's characters before asking for them one by one:
		// each becomes a Go struct, and a page of a million characters
		// would cost far more outside the sandbox than in it.
		st, err := pageText(inst, pdoc, i, opt.MaxChars-counted)
		if errors.Is(err, errTooManyChars) {
			return nil, tooLong(opt)
		}
		if err != nil {
			return nil, newErr(CodeCorrupt, msgCorruptPD, fmt.Errorf("read page %d of %s: %w", i+1, name, err))
		}
		counted += len(st.Chars)
		var lines []pdfLine
		var cur pdfLine
		var sb strings.Builder
		flush := func() {
			cur.text = sb.String()
			if strings.TrimSpace(cur.text) != "" {
				lines = append(lines, cur)
			}
			sb.Reset()
			cur = pdfLine{}
		}
		for _, c := range st.Chars {
			switch c.Text {
			case "\r":
				continue
			case "\n":
				flush()
				continue
			}
			sb.WriteString(c.Text)
			if strings.TrimSpace(c.Text) == "" {
				continue
			}
			chars++
			p := c.PointPosition
			if cur.right == 0 && cur.left == 0 {
				cur.left, cur.right, cur.top, cur.bottom = p.Left, p.Right, p.Top, p.Bottom
			}
			cur.left = math.Min(cur.left, p.Left)
			cur.right = math.Max(cur.right, p.Right)
			cur.top = math.Max(cur.top, p.Top)
			cur.bottom = math.Min(cur.bottom, p.Bottom)
			cur.size = math.Max(cur.size, p.Top-p.Bottom)
		}
		flush()
		pages = append(pages, dropPageNumbers(lines))
	}
	if chars == 0 {
		if rev, err := inst.FPDF_GetSecurityHandlerRevision(&requests.FPDF_GetSecurityHandlerRevision{Document: pdoc}); err == nil && rev.SecurityHandlerRevision != -1 {
			return nil, newErr(CodeEncrypted, "PDF 文件已加密且没有可读取的文字层。请取消密码后上传，或上传 Word 文件", nil)
		}
		return nil, newErr(CodeScanned, msgScanned, nil)
	}
	raws := joinPDFLines(pages)
	guessTitle(raws)
	return assemble(name, "pdf", raws, "", nil, opt)
}

var errTooManyChars = errors.New("too many characters")

// pageText returns the characters of a page, or errTooManyChars when it
// has more than room. They are counted before they are asked for one by
// one: each becomes a Go struct, and a page of a million characters would
// cost far more outside the sandbox than inside it. The page is loaded
// (its content stream parsed) once for both.
func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index, room int) (*responses.GetPageTextStructured, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return nil, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	n, err := func() (int, error) {
		tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
		if err != nil {
			return 0, err
		}
		defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
		n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
		if err != nil {
			return 0, err
		}
		return n.Count, nil
	}()
	if err != nil {
		return nil, err
	}
	if n > room {
		return nil, errTooManyChars
	}
	return inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: requests.Page{ByReference: &page.Page},
		Mode: requests.GetPageTextStructuredModeChars,
	})
}

var rePageNumber = regexp.MustCompile(`^(?:[-—–－‒―~～·\s]*[0-9０-９]+[-—–－‒―~～·\s]*|第\s*[0-9０-９]+\s*页(?:\s*[,，/、]?\s*共\s*[0-9０-９]+\s*页)?|共\s*[0-9０-９]+\s*页\s*[,，]?\s*第\s*[0-9０-９]+\s*页|[0-9]+\s*/\s*[0-9]+|(?i:page\s*[0-9]+(?:\s*of\s*[0-9]+)?))$`)

func dropPageNumbers(lines []pdfLine) []pdfLine {
	out := lines[:0]
	for _, l := range lines {
		if rePageNumber.MatchString(strings.TrimSpace(normalize(l.text))) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// terminal reports whether a line ends a sentence or a clause that cannot
// run on: 。；：！？… possibly followed by closing quotes or brackets.
func terminal(s string) bool {
	s = strings.TrimRight(s, " \u3000")
	for s != "" {
		r, size := utf8.DecodeLastRuneInString(s)
		switch r {
		case '。', '；', '：', '！', '？', '…', ';', ':', '!', '?':
			return true
		case '”', '’', '」', '』', '"', '\'', '》':
			s = s[:len(s)-size]
			continue
		case '.':
			// an English full stop, not the "1." of an item label
			return utf8.RuneCountInString(s) > 3
		}
		return false
	}
	return false
}

// joinPDFLines rebuilds paragraphs from lines: a line that does not end a
// sentence runs on into the next unless the next starts an article, item or
// heading; the layout adds breaks where a line stops well short of the right
// margin, where the next line is indented, and where the font size changes.
func joinPDFLines(pages [][]pdfLine) []rawPara {
	var raws []rawPara
	var para strings.Builder
	var prev *pdfLine
	// Margins over the whole document: a page holding only a signature
	// or a date says nothing about where lines start and end.
	left, right := math.Inf(1), math.Inf(-1)
	for _, lines := range pages {
		for _, l := range lines {
			left = math.Min(left, l.left)
			right = math.Max(right, l.right)
		}
	}
	for _, lines := range pages {
		for i := range lines {
			l := &lines[i]
			text := strings.TrimSpace(normalize(l.text))
			if text == "" {
				continue
			}
			if prev != nil && !runsOn(prev, l, left, right, text) {
				raws = append(raws, rawPara{text: para.String()})
				para.Reset()
			}
			if para.Len() > 0 {
				a, _ := utf8.DecodeLastRuneInString(para.String())
				b, _ := utf8.DecodeRuneInString(text)
				if a < utf8.RuneSelf && b < utf8.RuneSelf && (unicode.IsLetter(a) || unicode.IsDigit(a) || unicode.IsPunct(a)) && (unicode.IsLetter(b) || unicode.IsDigit(b)) {
					para.WriteByte(' ')
				}
			}
			para.WriteString(text)
			prev = l
		}
	}
	if para.Len() > 0 {
		raws = append(raws, rawPara{text: para.String()})
	}
	return raws
}

func runsOn(prev, next *pdfLine, left, right float64, nextText string) bool {
	prevText := strings.TrimSpace(normalize(prev.text))
	if terminal(prevText) {
		return false
	}
	if k, _ := classify(nextText); k != KindBody {
		return false
	}
	if k, _ := classify(prevText); k == KindHeading {
		return false
	}
	em := math.Max(prev.size, next.size)
	if em <= 0 {
		return true
	}
	if math.Abs(prev.size-next.size) > 0.15*em {
		return false
	}
	if prev.right < right-2*em {
		return false // the previous line stopped short: its paragraph ended
	}
	lgap, rgap := next.left-left, right-next.right
	if lgap > 1.5*em && math.Abs(lgap-rgap) > em {
		return false // indented first line of a new paragraph (centered lines run on)
	}
	return true
}
