package review

import (
	"regexp"
	"strings"
	"testing"
)

func TestVocabLoads(t *testing.T) {
	v, err := loadVocab()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"num", "amount", "pay", "lawful_money", "conduct", "village_body", "private_event", "sanction"} {
		if _, ok := v[name]; !ok {
			t.Errorf("vocab has no class %s", name)
		}
	}
}

func TestExpandVocab(t *testing.T) {
	for _, tc := range []struct {
		re, text string
		want     bool
	}{
		{`{{conduct}}[^，。；]{0,6}{{pay}}[^，。；]{0,6}{{amount}}`, "外省结婚交1500元", true},
		{`{{conduct}}[^，。；]{0,6}{{pay}}[^，。；]{0,6}{{amount}}`, "外省结婚交一千五百元", true},
		// 交通 and 收入 are not payments.
		{`{{pay}}[^，。；]{0,6}{{amount}}`, "报销交通费200元", false},
		{`{{pay}}[^，。；]{0,6}{{amount}}`, "年收入3000元", false},
		{`{{pay}}[^，。；]{0,6}{{amount}}`, "每桌向理事会交纳200元", true},
		// A class inside a class resolves.
		{`^{{amount}}$`, "３００元", true},
		{`{{village_body}}`, "报村红白理事会", true},
	} {
		x, err := expandVocab(tc.re)
		if err != nil {
			t.Fatalf("%s: %v", tc.re, err)
		}
		if got := regexp.MustCompile(x).MatchString(tc.text); got != tc.want {
			t.Errorf("%s on %q = %v, want %v", tc.re, tc.text, got, tc.want)
		}
	}
	// A regex without classes is left as written (the {n,m} of RE2 is not a class).
	if x, _ := expandVocab(`罚[0-9]{1,4}元`); x != `罚[0-9]{1,4}元` {
		t.Errorf("plain regex changed: %s", x)
	}
}

func TestVocabErrors(t *testing.T) {
	if _, err := expandVocab(`{{no_such_class}}`); err == nil || !strings.Contains(err.Error(), "no_such_class") {
		t.Errorf("unknown class: %v", err)
	}
	if _, err := compileVocab(map[string][]string{"a": {"{{b}}"}, "b": {"{{a}}"}}); err == nil {
		t.Error("a cycle was accepted")
	}
	if _, err := compileVocab(map[string][]string{"a": {"("}}); err == nil {
		t.Error("a bad regex was accepted")
	}
	if _, err := compileVocab(map[string][]string{"a": {}}); err == nil {
		t.Error("an empty class was accepted")
	}
	// A rule naming an unknown class fails to load, with the file named.
	bad := strings.Replace(strings.Replace(fakeRule, "%s", "第二条", 1), "match: {any: [罚款]}", "match: {regex: ['{{nope}}']}", 1)
	if _, err := ParseRule("test-fine.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Errorf("rule with unknown class: %v", err)
	}
}
