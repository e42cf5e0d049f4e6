package review

import "testing"

// TestFamilyExamples: a rule's family fallback (Rule.Family) reports its
// trigger examples under the rule's own id at warning level, and none of
// its pass examples; the rule's own pass examples are checked by the
// examples test with the family running.
func TestFamilyExamples(t *testing.T) {
	e := testEngine(t)
	n := 0
	for _, r := range e.Rules() {
		if r.family == nil {
			continue
		}
		n++
		typ := r.Types[0]
		for _, ex := range r.Family.Examples.Trigger {
			rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range rep.Findings {
				if f.Rule == r.ID || contains(f.Merged, r.ID) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s family: trigger %q not found", r.ID, ex)
			}
		}
		for _, ex := range r.Family.Examples.Pass {
			rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.Rule == r.ID || contains(f.Merged, r.ID) {
					t.Errorf("%s family: pass %q flagged: %q", r.ID, ex, f.Quote)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no rule has a family")
	}
}

// TestFamilyLoader: a family needs a match rule to belong to, its own
// match, message and examples of both kinds.
func TestFamilyLoader(t *testing.T) {
	const head = "id: x\ntitle: t\nitem: 内容合法性\ntypes: [决定]\nseverity: error\nmessage: m\nbasis: [{law: 宪法, article: 第三十三条}]\nexamples: {trigger: [罚款]}\n"
	for _, tail := range []string{
		"match: {any: [罚款]}\nfamily: {match: {any: [罚]}, message: f, examples: {trigger: [罚]}}\n",
		"match: {any: [罚款]}\nfamily: {match: {any: [罚]}, examples: {trigger: [罚], pass: [奖]}}\n",
	} {
		if _, err := ParseRule("x.yaml", []byte(head+tail)); err == nil {
			t.Errorf("family accepted:\n%s", tail)
		}
	}
	r, err := ParseRule("x.yaml", []byte(head+"match: {any: [罚款]}\nfamily: {match: {any: [罚]}, message: f, examples: {trigger: [罚], pass: [奖]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if r.family == nil || r.family.ID != "x" || r.family.Severity != SeverityWarning || !r.family.Fallback {
		t.Errorf("family compiled as %+v", r.family)
	}
}

// TestTogether: a co-occurrence matches its groups in any order, needs
// every group, and keeps its hits within its span of characters.
func TestTogether(t *testing.T) {
	m, err := compileSpec(&Spec{Together: []Together{{AllOf: []string{"本县|市内", "企业|机构", "补助|得分"}, Within: 12}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text, want string // want "" = no match
	}{
		{"本县企业给予补助。", "本县企业给予补助"},
		{"补助对象为市内注册的机构。", "补助对象为市内注册的机构"},
		{"机构设在市内的得分。", "机构设在市内的得分"},
		{"本县企业应当依法纳税。", ""},
		{"本县对在科技创新、乡村振兴、生态保护等方面成绩突出的企业给予补助。", ""},
		{"企业依法纳税，本县另行安排农户补助。", ""},
	} {
		d := newDoc(nil, "", c.text)
		s, ok := m.find(d, d.whole)
		got := ""
		if ok {
			got = string(d.runes[s.start:s.end])
		}
		if got != c.want {
			t.Errorf("%q: matched %q, want %q", c.text, got, c.want)
		}
	}
	for _, bad := range []Together{{AllOf: []string{"本县"}}, {AllOf: []string{"a", "b"}, Within: -1}, {AllOf: []string{"a", "{{nosuchclass}}"}}} {
		if _, err := compileSpec(&Spec{Together: []Together{bad}}); err == nil {
			t.Errorf("%v: compiled, want an error", bad)
		}
	}
}
