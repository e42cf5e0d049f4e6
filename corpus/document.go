package corpus

import "fmt"

// parseDocument reads a .docx or .txt law through the extract package.
func parseDocument(path, rel string) (*Law, error) {
	return nil, fmt.Errorf("parse %s: %w", rel, errUnsupported)
}
