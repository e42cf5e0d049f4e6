package review

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"lawreview/review/precedent"
)

// The precedent finder's concepts (concepts.yaml): word classes of
// vocab.yaml the finder reads as one symbol each, so that a clause judged
// unlawful is found again in other words (docs/eval.md, "Precedent
// findings", round 11).

//go:embed concepts.yaml
var conceptsYAML []byte

var (
	conceptsOnce sync.Once
	concepts     []precedent.Concept
	conceptsErr  error
)

// PrecedentConcepts returns the concepts for precedent.FinderOptions, in
// the order of concepts.yaml.
func PrecedentConcepts() ([]precedent.Concept, error) {
	conceptsOnce.Do(func() { concepts, conceptsErr = parseConcepts(conceptsYAML) })
	return concepts, conceptsErr
}

func parseConcepts(data []byte) ([]precedent.Concept, error) {
	var raw []struct {
		Name  string   `yaml:"name"`
		Regex []string `yaml:"regex"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("concepts.yaml: %w", err)
	}
	seen := map[string]bool{}
	var out []precedent.Concept
	for _, c := range raw {
		if c.Name == "" || len(c.Regex) == 0 || seen[c.Name] {
			return nil, fmt.Errorf("concepts.yaml: 概念“%s”缺少名称或写法，或名称重复", c.Name)
		}
		seen[c.Name] = true
		var parts []string
		for _, r := range c.Regex {
			x, err := expandVocab(r)
			if err != nil {
				return nil, fmt.Errorf("concepts.yaml %s: %w", c.Name, err)
			}
			parts = append(parts, x)
		}
		re, err := regexp.Compile(strings.Join(parts, "|"))
		if err != nil {
			return nil, fmt.Errorf("concepts.yaml %s: %w", c.Name, err)
		}
		// The anchors are derived as the rules' prefilter derives them
		// (prefilter.go), never written by hand.
		out = append(out, precedent.Concept{Name: c.Name, Pattern: re, Anchors: regexpClauses(re.String())})
	}
	return out, nil
}
