package index

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// askKind is a kind of question (asks.yaml) and the articles it calls for.
type askKind struct {
	Kind     string   `yaml:"kind"`
	Asks     []string `yaml:"asks"`
	Headings []string `yaml:"headings"`
	Markers  []string `yaml:"markers"`
}

//go:embed asks.yaml
var asksYAML []byte

var askKinds = mustParseAsks(asksYAML)

func mustParseAsks(b []byte) []askKind {
	var ks []askKind
	if err := yaml.Unmarshal(b, &ks); err != nil {
		panic(fmt.Errorf("parse asks.yaml: %w", err))
	}
	for _, k := range ks {
		if k.Kind == "" || len(k.Asks) == 0 || len(k.Headings)+len(k.Markers) == 0 {
			panic(fmt.Errorf("parse asks.yaml: kind %q needs asks and headings or markers", k.Kind))
		}
	}
	return ks
}

// questionKinds are the kinds the typed words ask (nil for most searches):
// only a word of at most maxWordRunes is read, since a draft's clause is
// no question.
func questionKinds(words []string) []*askKind {
	var out []*askKind
	for i := range askKinds {
		k := &askKinds[i]
		for _, w := range words {
			if utf8.RuneCountInString(w) <= maxWordRunes && containsAny(w, k.Asks) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// calledFor reports whether an article, by the headings it stands under
// or its own text, is of a kind one of the question's kinds calls for.
func calledFor(kinds []*askKind, headings, text string) bool {
	for _, k := range kinds {
		if containsAny(headings, k.Headings) || containsAny(text, k.Markers) {
			return true
		}
	}
	return false
}

// kindNames is for traces.
func kindNames(kinds []*askKind) string {
	var ns []string
	for _, k := range kinds {
		ns = append(ns, k.Kind)
	}
	return strings.Join(ns, ",")
}
