package corpus

import (
	"fmt"

	"lawreview/corpus/extract"
)

// parseDocument reads a .docx or .txt law (the national law database offers
// .docx) through the extract package and the same article parser as the
// Markdown files, so that both give identical articles for identical text.
func parseDocument(path, rel string) (*Law, error) {
	doc, err := extract.File(path, extract.Options{})
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w", rel, err)
	}
	lines := make([]string, 0, len(doc.Paragraphs))
	for _, p := range doc.Paragraphs {
		lines = append(lines, p.Text)
	}
	return ParseText(rel, doc.Title, lines)
}
