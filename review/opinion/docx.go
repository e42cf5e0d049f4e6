package opinion

import (
	"fmt"
	"strings"

	"lawreview/corpus/docx"
)

func spanRPr(k spanKind) string {
	switch k {
	case spanLead:
		return `<w:rFonts w:eastAsia="` + docx.FontHeading2 + `"/>`
	case spanBold:
		return `<w:b/><w:bCs/>`
	}
	return ""
}

func (o *Opinion) bodyXML() string {
	var b strings.Builder
	for _, bl := range o.blocks() {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + bl.style + `"/></w:pPr>`)
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
	title := "合法性审查意见书 " + o.Number
	data, err := docx.Basic(title, o.Reviewer, o.Signed, o.bodyXML(), nil)
	if err != nil {
		return nil, fmt.Errorf("write opinion %s: %w", o.Number, err)
	}
	return data, nil
}
