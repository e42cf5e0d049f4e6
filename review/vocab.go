package review

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Shared vocabularies. Many rules need the same classes of words — an
// amount of money, a verb of paying, a village body, a private family
// event, a sanction — and a class written out again in each rule drifts:
// one rule learns 缴交 and the next does not. A rule's regular expression
// may therefore name a class as {{name}}; it is replaced by the class's
// alternatives, (?:a|b|c), when the rule is compiled. The classes are data
// (vocab.yaml), reviewed like the rules, and each one is a legal or
// linguistic category, never the wording of one draft.

//go:embed vocab.yaml
var vocabYAML []byte

var (
	vocabOnce sync.Once
	vocab     map[string]string
	vocabErr  error
)

// vocabRef is a class reference inside a regular expression.
var vocabRef = lazyCompile(`\{\{([a-z][a-z0-9_]*)\}\}`)

func loadVocab() (map[string]string, error) {
	vocabOnce.Do(func() {
		var raw map[string][]string
		if err := yaml.Unmarshal(vocabYAML, &raw); err != nil {
			vocabErr = fmt.Errorf("vocab.yaml: %w", err)
			return
		}
		vocab, vocabErr = compileVocab(raw)
	})
	return vocab, vocabErr
}

// compileVocab turns each class into one non-capturing group. A class may
// use another class ({{amount}} inside {{charge}}); references are resolved
// in dependency order and a cycle is an error.
func compileVocab(raw map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	var names []string
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	var resolve func(name string, stack []string) (string, error)
	resolve = func(name string, stack []string) (string, error) {
		if s, ok := out[name]; ok {
			return s, nil
		}
		alts, ok := raw[name]
		if !ok {
			return "", fmt.Errorf("未知的词类 {{%s}}", name)
		}
		for _, s := range stack {
			if s == name {
				return "", fmt.Errorf("词类 {{%s}} 循环引用", name)
			}
		}
		if len(alts) == 0 {
			return "", fmt.Errorf("词类 {{%s}} 为空", name)
		}
		var parts []string
		for _, a := range alts {
			e, err := expand(a, func(n string) (string, error) { return resolve(n, append(stack, name)) })
			if err != nil {
				return "", err
			}
			if _, err := regexp.Compile(e); err != nil {
				return "", fmt.Errorf("词类 {{%s}} 的 %q 无法编译：%w", name, a, err)
			}
			parts = append(parts, e)
		}
		s := "(?:" + strings.Join(parts, "|") + ")"
		out[name] = s
		return s, nil
	}
	for _, n := range names {
		if !vocabRef.MatchString("{{" + n + "}}") {
			return nil, fmt.Errorf("词类名“%s”只能由小写字母、数字和下划线组成", n)
		}
		if _, err := resolve(n, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func expand(re string, lookup func(string) (string, error)) (string, error) {
	var err error
	s := vocabRef.ReplaceAllStringFunc(re, func(m string) string {
		if err != nil {
			return m
		}
		var v string
		v, err = lookup(vocabRef.FindStringSubmatch(m)[1])
		return v
	})
	return s, err
}

// expandVocab replaces every {{name}} in a rule's regular expression.
func expandVocab(re string) (string, error) {
	if !strings.Contains(re, "{{") {
		return re, nil
	}
	v, err := loadVocab()
	if err != nil {
		return "", err
	}
	return expand(re, func(n string) (string, error) {
		s, ok := v[n]
		if !ok {
			return "", fmt.Errorf("未知的词类 {{%s}}（见 review/vocab.yaml）", n)
		}
		return s, nil
	})
}
