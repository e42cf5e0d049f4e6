package docx

import (
	"slices"
	"sort"
	"unicode"
)

// Body is the main document part read once. A reader takes its Blocks, the
// text as Word shows it; an editor cuts its Runs. Every character of a
// block that a run holds is tied to its place in that run (Block.Spans), so
// reader and editor never have to agree on offsets by reading the part
// twice.
type Body struct {
	Part   string  // the part's name, normally word/document.xml
	XML    []byte  // the part as stored
	Prefix string  // the prefix the root binds to WordprocessingML, normally "w"; "" when none (readable, not editable)
	Blocks []Block // the text in reading order
	// Runs are the runs an editor may cut, in document order: the w:r of
	// paragraphs, not those of text boxes, of fallback content or inside
	// another run's drawing.
	Runs  []*Run
	MaxID int // the largest w:id in the part, so that new ids never collide
}

// Block is one unit of text in reading order: a paragraph outside tables,
// or a table cell (its paragraphs joined by a space). A text box's
// paragraphs follow the paragraph or cell that holds the box; a nested
// table's cells follow the cell that holds the table.
type Block struct {
	// Text is what Word shows: the automatic number first ("第三条" and
	// the tab or space after it), tracked insertions kept, deletions,
	// hidden text and field instructions dropped, "\t" for a tab and "\n"
	// for a line break.
	Text string
	// Spans tie runes of Text to their place in Body.Runs, in order. Runes
	// no span covers are held by no editable run: automatic numbers, the
	// space joining a cell's paragraphs, text boxes.
	Spans []Span
	// Cell marks a table cell. Row numbers the table rows across the whole
	// document from 1, Col the cells of a row from 1; 0 outside tables.
	Cell     bool
	Row, Col int
	// InBox marks a paragraph of a text box.
	InBox bool
	// Heading is a paragraph in a heading or title style or with an
	// outline level; Title one in the Title style; Center one centred by
	// its properties or its style.
	Heading, Title, Center bool
	// Closed orders blocks by when their element ended: a paragraph that
	// holds a text box closes after the box's paragraphs, which follow it
	// in reading order.
	Closed int
}

// Span says that runes [At, At+N) of a block's Text are the runes
// [Pos.Off, Pos.Off+N) of child Pos.Child of run Pos.Run.
type Span struct {
	At, N int
	Pos   Pos
}

// Pos is a place between characters of a run: before rune Off of child
// Child of Body.Runs[Run]. Child == len(Children) with Off 0 is the end of
// the run.
type Pos struct{ Run, Child, Off int }

// Less orders places in document order.
func (a Pos) Less(b Pos) bool {
	if a.Run != b.Run {
		return a.Run < b.Run
	}
	if a.Child != b.Child {
		return a.Child < b.Child
	}
	return a.Off < b.Off
}

func (a Pos) cmp(b Pos) int {
	switch {
	case a.Less(b):
		return -1
	case b.Less(a):
		return 1
	}
	return 0
}

// Run is a w:r as written in Body.XML.
type Run struct {
	Start, End int    // bytes of <w:r …>…</w:r>
	StartTag   string // "<w:r …>" as written (a self-closing run gets "<w:r>")
	RPr        string // the w:rPr element as written, or ""
	Children   []Child
	Para       int // the w:p the run is in, counted in document order
}

// Child is an element inside a run other than its properties.
type Child struct {
	Start, End int    // bytes of the whole element
	Text       []rune // the text of a w:t; the character a w:sym, w:tab, w:noBreakHyphen stands for
	IsText     bool   // a w:t: the only child an editor cuts
}

// At returns where rune i of the block's Text is in the runs; false for a
// rune no editable run holds.
func (b *Block) At(i int) (Pos, bool) {
	k := sort.Search(len(b.Spans), func(k int) bool { return b.Spans[k].At+b.Spans[k].N > i })
	if k == len(b.Spans) || b.Spans[k].At > i {
		return Pos{}, false
	}
	sp := b.Spans[k]
	return Pos{Run: sp.Pos.Run, Child: sp.Pos.Child, Off: sp.Pos.Off + i - sp.At}, true
}

// Char is a visible, non-space character of an editable run.
type Char struct {
	Pos
	R rune
}

// Chars returns the characters a reader sees and an editor can anchor on,
// in document order: those of the blocks' spans except spaces.
func (b *Body) Chars() []Char {
	var out []Char
	for _, bl := range b.Blocks {
		for _, sp := range bl.Spans {
			text := b.Runs[sp.Pos.Run].Children[sp.Pos.Child].Text[sp.Pos.Off : sp.Pos.Off+sp.N]
			for i, r := range text {
				if !unicode.IsSpace(r) {
					out = append(out, Char{Pos: Pos{sp.Pos.Run, sp.Pos.Child, sp.Pos.Off + i}, R: r})
				}
			}
		}
	}
	// Reading order is document order unless paragraphs nest.
	if !slices.IsSortedFunc(out, func(x, y Char) int { return x.cmp(y.Pos) }) {
		slices.SortStableFunc(out, func(x, y Char) int { return x.cmp(y.Pos) })
	}
	return out
}

// Range returns the places around the characters first..last: before
// first and after last, written so that equal places compare equal.
func (b *Body) Range(first, last Pos) (from, to Pos) {
	return b.norm(first), b.norm(Pos{last.Run, last.Child, last.Off + 1})
}

// norm writes "after the last rune of a child" as "before the next child".
func (b *Body) norm(p Pos) Pos {
	r := b.Runs[p.Run]
	if p.Child < len(r.Children) && p.Off >= len(r.Children[p.Child].Text) && p.Off > 0 {
		return Pos{p.Run, p.Child + 1, 0}
	}
	return p
}
