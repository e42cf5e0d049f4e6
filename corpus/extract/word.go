package extract

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/docx"
)

// Source is where the text of a .docx Document came from: the package and
// body it was read from and, for every rune of Document.Text, its place in
// the body's runs. With it an editor finds the words a finding quotes in
// the same reading of the file that produced the quote.
type Source struct {
	Package *docx.Package
	Body    *docx.Body
	// Pos has one entry per rune of Document.Text. Run is -1 for runes no
	// editable run holds: automatic numbers, the line breaks between
	// paragraphs, the space joining a cell's paragraphs, text boxes.
	Pos []docx.Pos
}

// ReadDocx extracts a .docx like Bytes and also returns its Source.
func ReadDocx(name string, data []byte, opt Options) (doc *Document, src *Source, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, src, err = nil, nil, panicErr(name, r)
		}
	}()
	opt = opt.withDefaults()
	if int64(len(data)) > opt.MaxBytes {
		return nil, nil, tooLarge(opt.MaxBytes)
	}
	src = &Source{}
	if doc, err = readDocx(name, data, opt, src); err != nil {
		return nil, nil, err
	}
	return doc, src, nil
}

func extractDocx(name string, data []byte, opt Options) (*Document, error) {
	return readDocx(name, data, opt, nil)
}

// readDocx reads a .docx through corpus/docx and turns its blocks into a
// Document; src, when not nil, receives where the text came from.
func readDocx(name string, data []byte, opt Options, src *Source) (*Document, error) {
	pkg, err := docx.Open(data, opt.MaxUncompressed)
	if err != nil {
		return nil, err
	}
	// Empty paragraphs count: assemble drops them, but only after each
	// was read into a block.
	pkg.MaxBlocks = 2 * opt.MaxParagraphs
	body, err := pkg.ReadBody()
	if errors.Is(err, docx.ErrTooManyBlocks) {
		return nil, tooLong(opt)
	}
	if err != nil {
		return nil, err
	}
	title, err := pkg.Title()
	if err != nil {
		return nil, err
	}
	var pos *[]docx.Pos
	if src != nil {
		src.Package, src.Body = pkg, body
		pos = &src.Pos
	}
	return assemble(name, "docx", docxParas(body.Blocks), title, pos, opt)
}

// docxParas classifies the blocks of a .docx. A styled title, a heading or
// a short centred paragraph is a title candidate until the first article:
// the title comes before 第一条. "Before" is in the order paragraphs close,
// so a text box's article counts before the paragraph holding the box.
func docxParas(blocks []docx.Block) []rawPara {
	out := make([]rawPara, len(blocks))
	order := make([]int, 0, len(blocks))
	for i := range blocks {
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int { return blocks[a].Closed - blocks[b].Closed })
	articles := 0
	for _, i := range order {
		b := &blocks[i]
		if b.Cell {
			out[i] = rawPara{text: b.Text, kind: KindTableCell, row: b.Row, col: b.Col, block: b}
			continue
		}
		rp := rawPara{text: b.Text, block: b}
		if b.Heading {
			rp.kind = KindHeading
		}
		if !b.InBox && articles == 0 {
			short := utf8.RuneCountInString(normalize(strings.ReplaceAll(b.Text, "\n", ""))) <= 60
			rp.title = b.Title || (b.Heading && short) || (b.Center && short)
		}
		if k, _ := classify(normalize(b.Text)); k == KindArticle {
			articles++
		}
		out[i] = rp
	}
	return out
}
