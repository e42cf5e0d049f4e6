package opinion

import (
	"fmt"
	"math"
	"strings"

	"lawreview/corpus/docx"
)

func spanRPr(k spanKind) string {
	switch k {
	case spanLead:
		return `<w:rFonts w:eastAsia="` + docx.FontHeading2 + `"/>`
	case spanHei:
		return `<w:rFonts w:eastAsia="` + docx.FontHeading1 + `"/>`
	case spanBold:
		return `<w:b/><w:bCs/>`
	}
	return ""
}

// pPr writes a block's paragraph properties in the schema's order: the
// style, keepNext/keepLines, pageBreakBefore, the space above, the right
// indent.
func (bl block) pPr() string {
	var b strings.Builder
	b.WriteString(`<w:pPr><w:pStyle w:val="` + bl.style + `"/>`)
	if bl.keep || bl.together {
		b.WriteString(`<w:keepNext/><w:keepLines/>`)
	}
	if bl.pageBreak {
		b.WriteString(`<w:pageBreakBefore/>`)
	}
	if bl.before > 0 {
		fmt.Fprintf(&b, `<w:spacing w:before="%d"/>`, bl.before)
	}
	if bl.rightEm > 0 {
		fmt.Fprintf(&b, `<w:ind w:right="%d"/>`, emTwips(bl.rightEm))
	}
	b.WriteString(`</w:pPr>`)
	return b.String()
}

// emTwips converts characters of the body font to twips: the grid's
// character pitch (the font size less the condensing).
func emTwips(em float64) int {
	p := docx.Page
	return int(math.Round(em * (p.BodyPt*20 + float64(p.Condense()))))
}

func (o *Opinion) bodyXML() string {
	var b strings.Builder
	for _, bl := range o.blocks() {
		if bl.style == styleLetterhead {
			continue // in the first page's header (DOCX)
		}
		b.WriteString(`<w:p>` + bl.pPr())
		for _, s := range bl.spans {
			if s.text != "" {
				b.WriteString(docx.RunXML(spanRPr(s.kind), s.text))
			}
		}
		b.WriteString(`</w:p>`)
	}
	return b.String()
}

// DOCX renders the opinion as a Word document.
func (o *Opinion) DOCX() ([]byte, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	number := DocNumber(o.Office, o.Number)
	d := docx.Doc{Title: "合法性审查意见书 " + number, Creator: o.Reviewer, Time: o.Signed, Body: o.bodyXML()}
	if !o.Letterhead.Off {
		d.Letterhead = o.LetterheadText()
	}
	data, err := docx.Assemble(d)
	if err != nil {
		return nil, fmt.Errorf("write opinion %s: %w", number, err)
	}
	return data, nil
}
