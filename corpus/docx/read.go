package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Package is an OOXML zip read within the size limits: every part read
// from it counts against one budget of uncompressed bytes, the only limit
// on how much a .docx may inflate, whoever reads it.
type Package struct {
	// MaxBlocks bounds the paragraphs and table cells ReadBody reads, and
	// ten times it the runs (0: DefaultMaxBlocks). Empty ones count too:
	// 48 MB of <w:p/> is millions of them, each a struct, before a reader
	// drops the empty ones (issue 14).
	MaxBlocks int

	zr    *zip.Reader
	files map[string]*zip.File // by lower-cased name without leading "/"
	max   int64                // uncompressed bytes the parts may take in all
	read  int64                // uncompressed bytes read so far
	rels  map[string]map[string]string
}

// DefaultMaxUncompressed is the budget Open uses when given none: 48 MB of
// WordprocessingML is several thousand pages, far above any real draft;
// issue 14's 4.6 MB .docx of ratio 41 (under the ratio check) inflated to
// 190 MB and took 100 s of CPU to parse before it failed.
const DefaultMaxUncompressed = 48 << 20

// DefaultMaxBlocks is Package.MaxBlocks when unset.
const DefaultMaxBlocks = 200_000

// ErrTooManyBlocks is ReadBody's answer to a body past Package.MaxBlocks;
// the caller says how many its users may send.
var ErrTooManyBlocks = errors.New("docx: too many paragraphs, cells or runs")

// Large parts must not inflate more than this many times their compressed
// size: genuine WordprocessingML stays far below it.
const (
	maxRatio      = 100
	ratioMinBytes = 1 << 20
)

// maxXMLDepth bounds the nesting of every XML part, so that a hostile file
// cannot exhaust the stack or the memory of a recursive walk.
const maxXMLDepth = 200

// Open reads the zip directory of a package. maxUncompressed is the budget
// of uncompressed bytes for all parts read from it (DefaultMaxUncompressed
// when <= 0).
func Open(data []byte, maxUncompressed int64) (*Package, error) {
	if maxUncompressed <= 0 {
		maxUncompressed = DefaultMaxUncompressed
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, newErr(CodeCorrupt, msgCorruptZ, fmt.Errorf("open zip: %w", err))
	}
	p := &Package{zr: zr, files: make(map[string]*zip.File, len(zr.File)), max: maxUncompressed}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		p.files[strings.ToLower(strings.TrimPrefix(f.Name, "/"))] = f
	}
	if total > uint64(maxUncompressed) {
		return nil, newErr(CodeZipBomb, MsgZipBomb, fmt.Errorf("zip declares %d bytes uncompressed, limit %d", total, maxUncompressed))
	}
	return p, nil
}

// Has reports whether the package holds a part (names are compared
// without case, as OPC requires).
func (p *Package) Has(name string) bool {
	_, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	return ok
}

// Part returns the content of a part, nil when it does not exist.
func (p *Package) Part(name string) ([]byte, error) {
	f, ok := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if !ok {
		return nil, nil
	}
	size := f.UncompressedSize64
	if size > ratioMinBytes && (f.CompressedSize64 == 0 || size/max(f.CompressedSize64, 1) > maxRatio) {
		return nil, newErr(CodeZipBomb, MsgZipBomb, fmt.Errorf("part %s inflates %d -> %d bytes", f.Name, f.CompressedSize64, size))
	}
	remaining := p.max - p.read
	if int64(size) > remaining {
		return nil, newErr(CodeZipBomb, MsgZipBomb, fmt.Errorf("part %s: %d bytes over the remaining budget %d", f.Name, size, remaining))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, newErr(CodeCorrupt, msgCorruptZ, fmt.Errorf("open part %s: %w", f.Name, err))
	}
	defer rc.Close()
	// The declared size may lie; never read past the budget whatever it says.
	data, err := io.ReadAll(io.LimitReader(rc, remaining+1))
	if err != nil {
		return nil, newErr(CodeCorrupt, msgCorruptZ, fmt.Errorf("read part %s: %w", f.Name, err))
	}
	if int64(len(data)) > remaining {
		return nil, newErr(CodeZipBomb, MsgZipBomb, fmt.Errorf("part %s inflates beyond the budget", f.Name))
	}
	p.read += int64(len(data))
	return data, nil
}

// tree reads and parses a part; nil, nil when it does not exist.
func (p *Package) tree(name string) (*node, error) {
	data, err := p.Part(name)
	if err != nil || data == nil {
		return nil, err
	}
	n, err := parseTree(name, data)
	if err != nil {
		return nil, xmlErr(err)
	}
	return n, nil
}

func xmlErr(err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, errTooDeep) {
		return newErr(CodeTooDeep, MsgTooDeep, err)
	}
	if errors.Is(err, errTreeTooLarge) {
		return newErr(CodeZipBomb, MsgZipBomb, err)
	}
	return newErr(CodeCorrupt, msgCorruptZ, err)
}

// RelsName is the relationships part of a part: word/_rels/document.xml.rels
// for word/document.xml, _rels/.rels for the package ("").
func RelsName(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// Rels maps relationship type suffixes (the part after the last "/", so
// that transitional and strict OOXML both match) to the internal targets
// of source, resolved against its folder. The first relationship of a type
// wins.
func (p *Package) Rels(source string) (map[string]string, error) {
	if r, ok := p.rels[source]; ok {
		return r, nil
	}
	data, err := p.Part(RelsName(source))
	if err != nil || data == nil {
		return nil, err
	}
	rs, err := parseRels(RelsName(source), data)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	if p.rels == nil {
		p.rels = map[string]map[string]string{}
	}
	p.rels[source] = out
	for _, r := range rs {
		if _, dup := out[r.kind()]; !dup && !r.external {
			out[r.kind()] = resolveTarget(source, r.target)
		}
	}
	return out, nil
}

// relationship is one Relationship of a .rels part.
type relationship struct {
	id, typ, target string
	external        bool
}

// kind is the type's last segment: "officeDocument", "styles", "comments".
func (r relationship) kind() string { return r.typ[strings.LastIndex(r.typ, "/")+1:] }

func parseRels(name string, data []byte) ([]relationship, error) {
	t, err := parseTree(name, data)
	if err != nil {
		return nil, xmlErr(err)
	}
	var out []relationship
	for _, r := range t.find("Relationships").children("Relationship") {
		out = append(out, relationship{id: r.val("Id"), typ: r.val("Type"), target: r.val("Target"), external: r.val("TargetMode") == "External"})
	}
	return out, nil
}

// resolveTarget resolves a relationship target against its source part.
func resolveTarget(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return path.Join(path.Dir(source), target)
}

// Main finds the main document part through _rels/.rels, as Word does,
// falling back to word/document.xml. A package that holds none (a
// spreadsheet, a presentation, an OpenDocument file, a random zip) is an
// *Error saying what it is.
func (p *Package) Main() (string, error) {
	rootRels, err := p.Rels("")
	if err != nil {
		return "", err
	}
	main := rootRels["officeDocument"]
	if main == "" || !p.Has(main) {
		main = "word/document.xml"
	}
	if !p.Has(main) {
		return "", p.notDocx()
	}
	if !strings.HasPrefix(strings.ToLower(main), "word/") && !p.Has("word/document.xml") {
		return "", p.notDocx()
	}
	return main, nil
}

// Title is the title in the core properties (docProps/core.xml), "" when
// there is none.
func (p *Package) Title() (string, error) {
	rootRels, err := p.Rels("")
	if err != nil {
		return "", err
	}
	core, err := p.tree(orDefault(rootRels["core-properties"], "docProps/core.xml"))
	if err != nil {
		return "", err
	}
	if t := core.find("title"); t != nil {
		return t.text, nil
	}
	return "", nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (p *Package) notDocx() error {
	switch {
	case p.Has("xl/workbook.xml"):
		return newErr(CodeUnsupported, "这是 Excel 表格文件，不是 Word 文档。请上传 .docx、PDF 或文本文件", nil)
	case p.Has("ppt/presentation.xml"):
		return newErr(CodeUnsupported, "这是 PowerPoint 演示文稿，不是 Word 文档。请上传 .docx、PDF 或文本文件", nil)
	case p.Has("content.xml") && p.Has("mimetype"):
		return newErr(CodeUnsupported, "暂不支持 OpenDocument（.odt）文件，请另存为 .docx 后上传", nil)
	case len(p.files) == 0:
		return newErr(CodeCorrupt, msgCorruptZ, errors.New("empty zip"))
	}
	return newErr(CodeUnsupported, msgNotDocx, nil)
}

// ReadBody reads the main document part with its styles and numbering.
func (p *Package) ReadBody() (*Body, error) {
	main, err := p.Main()
	if err != nil {
		return nil, err
	}
	docRels, err := p.Rels(main)
	if err != nil {
		return nil, err
	}
	st, err := loadStyles(p, orDefault(docRels["styles"], "word/styles.xml"))
	if err != nil {
		return nil, err
	}
	nb, err := loadNumbering(p, orDefault(docRels["numbering"], "word/numbering.xml"))
	if err != nil {
		return nil, err
	}
	data, err := p.Part(main)
	if err != nil {
		return nil, err
	}
	dp := &bodyParser{x: newXMLReader(main, data), xml: data, styles: st, num: nb, counters: map[string]*[9]int{}, maxBlocks: p.MaxBlocks}
	if dp.maxBlocks <= 0 {
		dp.maxBlocks = DefaultMaxBlocks
	}
	dp.x.maxID = &dp.maxID
	if err := dp.run(); errors.Is(err, ErrTooManyBlocks) {
		return nil, err
	} else if err != nil {
		return nil, xmlErr(err)
	}
	return &Body{Part: main, XML: data, Prefix: dp.prefix, Blocks: dp.out, Runs: dp.runs, MaxID: dp.maxID}, nil
}

// ---- styles ----

type style struct {
	id, name, basedOn string
	numID             string // "" unset, "0" numbering switched off
	ilvl              int    // -1 unset
	outline           int    // -1 unset
	center            int    // -1 unset, 0 no, 1 yes
}

type styles struct {
	byID        map[string]*style
	defaultPara string
}

func loadStyles(pkg *Package, part string) (*styles, error) {
	s := &styles{byID: map[string]*style{}}
	t, err := pkg.tree(part)
	if err != nil || t == nil {
		return s, err
	}
	for _, n := range t.find("styles").children("style") {
		if n.val("type") != "paragraph" && n.val("type") != "" {
			continue
		}
		st := &style{id: n.val("styleId"), name: strings.ToLower(n.child("name").val("val")), basedOn: n.child("basedOn").val("val"), ilvl: -1, outline: -1, center: -1}
		ppr := n.child("pPr")
		if np := ppr.child("numPr"); np != nil {
			st.numID = np.child("numId").val("val")
			if v, err := strconv.Atoi(np.child("ilvl").val("val")); err == nil {
				st.ilvl = v
			}
		}
		if o := ppr.child("outlineLvl"); o != nil {
			if v, err := strconv.Atoi(o.val("val")); err == nil {
				st.outline = v
			}
		}
		if jc := ppr.child("jc"); jc != nil {
			st.center = b2i(jc.val("val") == "center")
		}
		s.byID[st.id] = st
		if onOff([]xml.Attr{{Name: xml.Name{Local: "val"}, Value: n.val("default")}}) && n.val("default") != "" {
			s.defaultPara = st.id
		}
	}
	return s, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// chain walks a style and its ancestors, guarding against basedOn loops.
func (s *styles) chain(id string, fn func(*style) bool) {
	for i := 0; i < 20 && id != ""; i++ {
		st := s.byID[id]
		if st == nil || fn(st) {
			return
		}
		id = st.basedOn
	}
}

type styleInfo struct {
	heading, title bool
	outline        int
	center         int
	numID          string
	ilvl           int
}

func (s *styles) info(id string) styleInfo {
	if id == "" {
		id = s.defaultPara
	}
	in := styleInfo{outline: -1, center: -1, ilvl: -1}
	s.chain(id, func(st *style) bool {
		switch {
		case st.name == "title" || st.name == "标题":
			in.title = true
		case strings.HasPrefix(st.name, "heading ") || strings.HasPrefix(st.name, "标题 "):
			in.heading = true
		}
		if in.outline < 0 && st.outline >= 0 {
			in.outline = st.outline
		}
		if in.center < 0 && st.center >= 0 {
			in.center = st.center
		}
		if in.numID == "" && st.numID != "" {
			in.numID, in.ilvl = st.numID, st.ilvl
		}
		return false
	})
	return in
}

// ---- numbering ----

type level struct {
	start   int
	fmt     string
	text    string
	suff    string
	isLgl   bool
	restart int // -1: default (restart after any shallower level), 0: never
	pStyle  string
	set     bool
}

type numbering struct {
	abstract map[string]*[9]level
	nums     map[string]*numDef
	styleNum map[string]string // numbering style id -> numId, for numStyleLink
	absLink  map[string]string // abstractNumId -> numStyleLink
}

type numDef struct {
	abs      string
	override [9]*level // full level overrides
	start    [9]int    // startOverride, -1 unset
}

func parseLevel(n *node) level {
	lv := level{start: 1, fmt: "decimal", suff: "tab", restart: -1, set: true}
	if v := n.child("start"); v != nil {
		if i, err := strconv.Atoi(v.val("val")); err == nil {
			lv.start = i
		}
	}
	if v := n.child("numFmt"); v != nil {
		lv.fmt = v.val("val")
	}
	if v := n.child("lvlText"); v != nil {
		lv.text = v.val("val")
	}
	if v := n.child("suff"); v != nil {
		lv.suff = v.val("val")
	}
	if v := n.child("isLgl"); v != nil {
		lv.isLgl = onOff(v.attr)
	}
	if v := n.child("lvlRestart"); v != nil {
		if i, err := strconv.Atoi(v.val("val")); err == nil {
			lv.restart = i
		}
	}
	lv.pStyle = n.child("pStyle").val("val")
	return lv
}

func loadNumbering(pkg *Package, part string) (*numbering, error) {
	nb := &numbering{abstract: map[string]*[9]level{}, nums: map[string]*numDef{}, styleNum: map[string]string{}, absLink: map[string]string{}}
	t, err := pkg.tree(part)
	if err != nil || t == nil {
		return nb, err
	}
	root := t.find("numbering")
	for _, a := range root.children("abstractNum") {
		var lv [9]level
		for _, l := range a.children("lvl") {
			i, err := strconv.Atoi(l.val("ilvl"))
			if err != nil || i < 0 || i > 8 {
				continue
			}
			lv[i] = parseLevel(l)
		}
		id := a.val("abstractNumId")
		nb.abstract[id] = &lv
		if link := a.child("numStyleLink").val("val"); link != "" {
			nb.absLink[id] = link
		}
	}
	for _, n := range root.children("num") {
		nd := &numDef{abs: n.child("abstractNumId").val("val")}
		for i := range nd.start {
			nd.start[i] = -1
		}
		for _, o := range n.children("lvlOverride") {
			i, err := strconv.Atoi(o.val("ilvl"))
			if err != nil || i < 0 || i > 8 {
				continue
			}
			if so := o.child("startOverride"); so != nil {
				if v, err := strconv.Atoi(so.val("val")); err == nil {
					nd.start[i] = v
				}
			}
			if l := o.child("lvl"); l != nil {
				lv := parseLevel(l)
				nd.override[i] = &lv
			}
		}
		nb.nums[n.val("numId")] = nd
	}
	return nb, nil
}

// levels resolves the level definitions of a num instance.
func (nb *numbering) levels(numID string, st *styles) (*numDef, [9]level, bool) {
	nd := nb.nums[numID]
	if nd == nil {
		return nil, [9]level{}, false
	}
	abs := nb.abstract[nd.abs]
	// numStyleLink: the abstractNum only points at a numbering style whose
	// numPr names the real list.
	for i := 0; i < 3 && abs != nil && nb.absLink[nd.abs] != ""; i++ {
		in := st.info(nb.absLink[nd.abs])
		next := nb.nums[in.numID]
		if next == nil || next == nd {
			break
		}
		abs = nb.abstract[next.abs]
	}
	if abs == nil {
		return nil, [9]level{}, false
	}
	lv := *abs
	for i, o := range nd.override {
		if o != nil {
			lv[i] = *o
		}
	}
	return nd, lv, true
}

// ---- document.xml ----

type bodyParser struct {
	x        *xmlReader
	xml      []byte
	prefix   string // bound to the WordprocessingML namespace on the root
	runs     []*Run
	paras    int // w:p elements met, to number them for Run.Para
	maxID    int
	styles   *styles
	num      *numbering
	counters map[string]*[9]int // per numId, 0 = not started
	out      []Block
	closed   int // paragraphs and cells closed so far, for Block.Closed
	rows     int // table rows seen, to number them across the document
	// blocks counts paragraphs and cells as they open, up to maxBlocks.
	blocks, maxBlocks int
}

// count refuses one paragraph or cell more than the limit.
func (p *bodyParser) count() error {
	if p.blocks++; p.blocks > p.maxBlocks {
		return ErrTooManyBlocks
	}
	return nil
}

// ctx is where text goes while walking.
type walkCtx struct {
	para   *paraBuilder // current paragraph, nil outside paragraphs
	cell   *cellBuilder // current table cell, nil outside tables or inside text boxes
	inBox  bool         // inside a text box
	hidden bool         // inside a run marked vanish
	row    *tableRow    // current table row, nil outside tables
	// Editable runs: run is the run being read (nil outside one, and
	// inside runs no editor may cut: those of text boxes and fallbacks),
	// runIdx its index in bodyParser.runs, runDepth its element's depth.
	// child is the run's child being read; edit is set while that child
	// is one whose text the reader takes (w:t, w:tab, w:sym, ...), so
	// that what it writes is tied to its place in the run.
	run      *Run
	runIdx   int
	runDepth int
	child    int
	edit     bool
	inRun    bool // inside a run's content, where runs are not runs of the paragraph
	noEdit   bool // inside a text box or a fallback
}

// tableRow numbers a row and counts the cells met in it so far.
type tableRow struct {
	n, cells int
}

type paraBuilder struct {
	slot     int
	index    int // counts w:p in document order, for Run.Para
	buf      strings.Builder
	runes    int // in buf
	spans    []Span
	propsSet bool
	props    paraProps
}

func (pb *paraBuilder) add(s string) {
	pb.buf.WriteString(s)
	pb.runes += utf8.RuneCountInString(s)
}

type paraProps struct {
	style   string
	numID   string
	ilvl    int
	outline int
	center  int
}

type cellBuilder struct {
	slot  int
	parts []string
	runes int // in the parts joined by spaces
	spans []Span
}

// add appends a paragraph of the cell; its spans move to the paragraph's
// place in the joined text.
func (cb *cellBuilder) add(pb *paraBuilder) {
	if len(cb.parts) > 0 {
		cb.runes++ // the joining space
	}
	for _, sp := range pb.spans {
		sp.At += cb.runes
		cb.spans = append(cb.spans, sp)
	}
	cb.parts = append(cb.parts, pb.buf.String())
	cb.runes += pb.runes
}

func (p *bodyParser) run() error {
	for {
		tok, err := p.x.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if p.x.depth == 1 && se.Name.Space == NSW {
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" && a.Value == NSW {
					p.prefix = a.Name.Local
				}
			}
		}
		if se.Name.Local == "body" {
			return p.walk(&walkCtx{})
		}
	}
}

// walk consumes tokens up to the end of the element whose start was just
// read, dispatching on the elements it meets.
func (p *bodyParser) walk(c *walkCtx) error {
	level := p.x.depth
	choiceSeen := false
	for {
		tok, err := p.x.next()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if p.x.depth < level {
				return nil
			}
		case xml.CharData:
			// text only counts inside w:t, handled below
		case xml.StartElement:
			if err := p.start(c, t, &choiceSeen); err != nil {
				return err
			}
		}
	}
}

func (p *bodyParser) start(c *walkCtx, t xml.StartElement, choiceSeen *bool) error {
	if c.run == nil || p.x.depth != c.runDepth+1 {
		return p.element(c, t, choiceSeen)
	}
	// A child of an editable run: note where it is.
	from, w := p.x.from, t.Name.Space == NSW
	if t.Name.Local == "rPr" {
		// run properties hold for the rest of the run: c, not a copy
		if err := p.element(c, t, choiceSeen); err != nil {
			return err
		}
		if w {
			c.run.RPr = string(p.xml[from:p.x.to])
		} else {
			c.run.Children = append(c.run.Children, Child{Start: from, End: p.x.to})
		}
		return nil
	}
	c.run.Children = append(c.run.Children, Child{Start: from, IsText: w && t.Name.Local == "t"})
	cc := *c
	cc.child = len(c.run.Children) - 1
	switch t.Name.Local {
	case "t", "tab", "ptab", "br", "cr", "noBreakHyphen", "sym":
		cc.edit = w
	}
	if err := p.element(&cc, t, choiceSeen); err != nil {
		return err
	}
	c.run.Children[cc.child].End = p.x.to
	return nil
}

func (p *bodyParser) element(c *walkCtx, t xml.StartElement, choiceSeen *bool) error {
	if c.para != nil && !c.para.propsSet && t.Name.Local != "pPr" {
		p.applyProps(c.para)
	}
	switch t.Name.Local {
	case "p":
		return p.paragraph(c)
	case "tr":
		// A nested table's rows are rows of their own; the outer row's
		// later cells go on counting in the outer row.
		p.rows++
		nc := *c
		nc.row = &tableRow{n: p.rows}
		return p.walk(&nc)
	case "tc":
		if err := p.count(); err != nil {
			return err
		}
		cb := &cellBuilder{slot: p.reserve()}
		row, col := 0, 0
		if c.row != nil {
			c.row.cells++
			row, col = c.row.n, c.row.cells
		}
		nc := *c
		nc.cell, nc.para = cb, nil
		if err := p.walk(&nc); err != nil {
			return err
		}
		p.out[cb.slot] = Block{Text: strings.Join(cb.parts, " "), Spans: cb.spans, Cell: true, Row: row, Col: col, Closed: p.closed}
		p.closed++
		return nil
	case "txbxContent":
		nc := walkCtx{inBox: true, noEdit: true}
		return p.walk(&nc)
	case "pPr":
		if c.para != nil && !c.para.propsSet {
			return p.paraProps(c.para)
		}
		return p.x.skip()
	case "r":
		nc := *c
		nc.run, nc.edit, nc.inRun = nil, false, true
		if !c.inRun && !c.noEdit && c.para != nil && t.Name.Space == NSW {
			tag := string(p.xml[p.x.from:p.x.to])
			if strings.HasSuffix(tag, "/>") {
				tag = strings.TrimSuffix(strings.TrimSuffix(tag, "/>"), " ") + ">"
			}
			if len(p.runs) >= 10*p.maxBlocks {
				return ErrTooManyBlocks
			}
			nc.run = &Run{Start: p.x.from, StartTag: tag, Para: c.para.index}
			nc.runIdx, nc.runDepth = len(p.runs), p.x.depth
			p.runs = append(p.runs, nc.run)
		}
		if err := p.walk(&nc); err != nil {
			return err
		}
		if nc.run != nil {
			nc.run.End = p.x.to
		}
		return nil
	case "rPr":
		return p.runProps(c)
	case "t":
		return p.text(c)
	case "tab", "ptab":
		p.write(c, "\t")
		return p.x.skip()
	case "br", "cr":
		p.write(c, "\n")
		return p.x.skip()
	case "noBreakHyphen":
		p.write(c, "-")
		return p.x.skip()
	case "sym":
		if r, err := strconv.ParseUint(attrVal(t.Attr, "char"), 16, 32); err == nil {
			// Symbol-font glyphs live in the private use area; they are
			// bullets and dingbats, not text.
			if rr := rune(r); utf8.ValidRune(rr) && !(rr >= 0xE000 && rr <= 0xF8FF) {
				p.write(c, string(rr))
			}
		}
		return p.x.skip()
	case "Choice":
		*choiceSeen = true
		return p.walk(c)
	case "Fallback":
		if *choiceSeen {
			// the same content again for older readers (VML text boxes)
			return p.x.skip()
		}
		nc := *c
		nc.run, nc.edit, nc.noEdit = nil, false, true
		return p.walk(&nc)
	case "del", "moveFrom", "delText", "instrText", "delInstrText", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid",
		"footnoteReference", "endnoteReference", "commentReference", "annotationRef", "fldData", "binData", "object":
		return p.x.skip()
	}
	nc := *c // run properties seen below must not leak out of this element
	return p.walk(&nc)
}

func (p *bodyParser) reserve() int {
	p.out = append(p.out, Block{})
	return len(p.out) - 1
}

func (p *bodyParser) write(c *walkCtx, s string) {
	if c.para == nil || c.hidden {
		return
	}
	if c.edit && s != "" {
		ch := &c.run.Children[c.child]
		c.para.spans = append(c.para.spans, Span{At: c.para.runes, N: utf8.RuneCountInString(s), Pos: Pos{Run: c.runIdx, Child: c.child, Off: len(ch.Text)}})
		if !ch.IsText {
			ch.Text = append(ch.Text, []rune(s)...)
		}
	}
	c.para.add(s)
}

func (p *bodyParser) text(c *walkCtx) error {
	level := p.x.depth
	for {
		tok, err := p.x.next()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			p.write(c, string(t))
			// hidden or not, an editor needs the whole text to cut it
			if c.edit && c.run.Children[c.child].IsText {
				ch := &c.run.Children[c.child]
				ch.Text = append(ch.Text, []rune(string(t))...)
			}
		case xml.EndElement:
			if p.x.depth < level {
				return nil
			}
		}
	}
}

func (p *bodyParser) runProps(c *walkCtx) error {
	level := p.x.depth
	for {
		tok, err := p.x.next()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "vanish" && p.x.depth == level+1 {
				c.hidden = onOff(t.Attr)
			}
		case xml.EndElement:
			if p.x.depth < level {
				return nil
			}
		}
	}
}

func (p *bodyParser) paraProps(pb *paraBuilder) error {
	level := p.x.depth
	for {
		tok, err := p.x.next()
		if err != nil {
			return unexpectedEOF(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "pStyle":
				pb.props.style = attrVal(t.Attr, "val")
			case "numId":
				pb.props.numID = attrVal(t.Attr, "val")
			case "ilvl":
				if v, err := strconv.Atoi(attrVal(t.Attr, "val")); err == nil {
					pb.props.ilvl = v
				}
			case "outlineLvl":
				if v, err := strconv.Atoi(attrVal(t.Attr, "val")); err == nil {
					pb.props.outline = v
				}
			case "jc":
				if p.x.depth == level+1 {
					pb.props.center = b2i(attrVal(t.Attr, "val") == "center")
				}
			case "rPr", "sectPr", "pPrChange":
				// properties of the paragraph mark, section, or the
				// previous revision: none changes the numbering now shown
				if err := p.x.skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if p.x.depth < level {
				p.applyProps(pb)
				return nil
			}
		}
	}
}

func (p *bodyParser) paragraph(c *walkCtx) error {
	if err := p.count(); err != nil {
		return err
	}
	pb := &paraBuilder{index: p.paras, props: paraProps{ilvl: -1, outline: -1, center: -1}}
	p.paras++
	if c.cell == nil {
		pb.slot = p.reserve()
	}
	nc := *c
	nc.para = pb
	if err := p.walk(&nc); err != nil {
		return err
	}
	if !pb.propsSet {
		p.applyProps(pb)
	}
	if c.cell != nil {
		c.cell.add(pb)
		return nil
	}
	in := p.styles.info(pb.props.style)
	outline := pb.props.outline
	if outline < 0 {
		outline = in.outline
	}
	center := pb.props.center
	if center < 0 {
		center = in.center
	}
	p.out[pb.slot] = Block{
		Text:    pb.buf.String(),
		Spans:   pb.spans,
		Heading: in.heading || in.title || (outline >= 0 && outline <= 8),
		Title:   in.title,
		Center:  center == 1,
		InBox:   c.inBox,
		Closed:  p.closed,
	}
	p.closed++
	return nil
}

// applyProps renders the paragraph's automatic number, if any, at the start
// of its text. It runs once per paragraph, in document order, which is the
// order Word advances its counters in.
func (p *bodyParser) applyProps(pb *paraBuilder) {
	pb.propsSet = true
	in := p.styles.info(pb.props.style)
	numID, ilvl := pb.props.numID, pb.props.ilvl
	if numID == "" {
		numID = in.numID
		if ilvl < 0 {
			ilvl = in.ilvl
		}
	}
	if numID == "" || numID == "0" {
		return
	}
	nd, lv, ok := p.num.levels(numID, p.styles)
	if !ok {
		return
	}
	if ilvl < 0 {
		// A level may name the paragraph style it belongs to: the
		// paragraph's own style or one it is based on.
		ilvl = 0
		p.styles.chain(orDefault(pb.props.style, p.styles.defaultPara), func(st *style) bool {
			for i := range lv {
				if lv[i].set && lv[i].pStyle == st.id {
					ilvl = i
					return true
				}
			}
			return false
		})
	}
	if ilvl > 8 || !lv[ilvl].set {
		return
	}
	cnt := p.counters[numID]
	if cnt == nil {
		cnt = &[9]int{}
		p.counters[numID] = cnt
	}
	startOf := func(i int) int {
		if nd.start[i] >= 0 {
			return nd.start[i]
		}
		return lv[i].start
	}
	if cnt[ilvl] == 0 {
		cnt[ilvl] = startOf(ilvl)
		if cnt[ilvl] == 0 {
			cnt[ilvl] = -1 // started at zero; -1 marks "started, value 0"
		}
	} else if cnt[ilvl] == -1 {
		cnt[ilvl] = 1
	} else {
		cnt[ilvl]++
	}
	for k := ilvl + 1; k < 9; k++ {
		if lv[k].restart == 0 {
			continue
		}
		if lv[k].restart > 0 && ilvl+1 > lv[k].restart {
			continue
		}
		cnt[k] = 0
	}
	cur := lv[ilvl]
	if cur.fmt == "bullet" {
		return
	}
	var b strings.Builder
	s := cur.text
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+1 < len(s) && s[i+1] >= '1' && s[i+1] <= '9' {
			k := int(s[i+1] - '1')
			v := cnt[k]
			switch v {
			case 0:
				v = startOf(k)
			case -1:
				v = 0
			}
			f := lv[k].fmt
			if cur.isLgl && f != "none" {
				f = "decimal"
			}
			b.WriteString(formatNumber(v, f))
			i++
			continue
		}
		b.WriteByte(s[i])
	}
	label := b.String()
	if label == "" {
		return
	}
	switch cur.suff {
	case "nothing":
	default:
		// Word draws a tab or a space after the number. Chinese drafts
		// write 第一条 and its text apart by a full-width space, so a
		// number ending in a CJK character gets U+3000, others a space.
		if r, _ := utf8.DecodeLastRuneInString(label); r >= 0x2E80 {
			label += "\u3000"
		} else {
			label += " "
		}
	}
	pb.add(label)
}
