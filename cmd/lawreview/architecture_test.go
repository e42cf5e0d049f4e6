package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestArchitectureDrawn: the import graph of docs/architecture.md is the
// one `go list` reports, so that the document cannot drift from the code.
// An import the graph does not draw fails, and so does one it draws that
// is gone, or a package it lacks.
func TestArchitectureDrawn(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "architecture.md"))
	if err != nil {
		t.Fatal(err)
	}
	drawn, err := drawnGraph(string(doc))
	if err != nil {
		t.Fatal(err)
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", "lawreview/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], "lawreview/")
		listed[pkg] = true
		var imports []string
		for _, imp := range fields[1:] {
			if p, ok := strings.CutPrefix(imp, "lawreview/"); ok {
				imports = append(imports, p)
			}
		}
		want, ok := drawn[pkg]
		if !ok {
			t.Errorf("docs/architecture.md does not draw package %s (imports %s)", pkg, strings.Join(imports, ", "))
			continue
		}
		for _, imp := range imports {
			if !slices.Contains(want, imp) {
				t.Errorf("%s imports %s: docs/architecture.md does not draw it", pkg, imp)
			}
		}
		for _, imp := range want {
			if !slices.Contains(imports, imp) {
				t.Errorf("docs/architecture.md draws %s ─► %s, which go list does not report", pkg, imp)
			}
		}
	}
	for pkg := range drawn {
		if !listed[pkg] {
			t.Errorf("docs/architecture.md draws %s, which is no package", pkg)
		}
	}
}

var remark = regexp.MustCompile(`\([^)]*\)`)

// drawnGraph reads the first code block of the document: entries
// "pkg ─► imp, imp, …", continued on indented lines, remarks in
// parentheses (possibly over several lines).
func drawnGraph(doc string) (map[string][]string, error) {
	_, block, ok := strings.Cut(doc, "```\n")
	if ok {
		block, _, ok = strings.Cut(block, "```")
	}
	if !ok {
		return nil, os.ErrNotExist
	}
	var entries []string
	for _, line := range strings.Split(block, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
		case strings.Contains(line, "─►"):
			entries = append(entries, line)
		case len(entries) > 0 && (line[0] == ' ' || line[0] == '\t'):
			entries[len(entries)-1] += " " + line
		default:
			return nil, &graphError{line}
		}
	}
	out := map[string][]string{}
	for _, e := range entries {
		from, to, _ := strings.Cut(remark.ReplaceAllString(e, ""), "─►")
		var imports []string
		for _, imp := range strings.Split(to, ",") {
			if imp = strings.TrimSpace(imp); imp != "" {
				imports = append(imports, imp)
			}
		}
		out[strings.TrimSpace(from)] = imports
	}
	return out, nil
}

type graphError struct{ line string }

func (e *graphError) Error() string {
	return "docs/architecture.md: not an entry of the graph: " + e.line
}
