package extract

import (
	"slices"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/docx"
)

// extractDocx reads a .docx through corpus/docx and turns its blocks into a
// Document.
func extractDocx(name string, data []byte, opt Options) (*Document, error) {
	pkg, err := docx.Open(data, opt.MaxUncompressed)
	if err != nil {
		return nil, err
	}
	body, err := pkg.ReadBody()
	if err != nil {
		return nil, err
	}
	title, err := pkg.Title()
	if err != nil {
		return nil, err
	}
	return assemble(name, "docx", docxParas(body.Blocks), title)
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
		b := blocks[i]
		if b.Cell {
			out[i] = rawPara{text: b.Text, kind: KindTableCell, row: b.Row, col: b.Col}
			continue
		}
		rp := rawPara{text: b.Text}
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
