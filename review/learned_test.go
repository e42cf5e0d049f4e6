package review

import (
	"strings"
	"testing"
)

func TestLearnFamilies(t *testing.T) {
	e := testEngine(t)
	fams, err := LearnFamilies(e.Rules())
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) < 5 {
		t.Fatalf("%d families", len(fams))
	}
	bad := []*Rule{}
	for _, r := range e.Rules() {
		if r.ID == "vr-fine" {
			bad = append(bad, r)
		}
	}
	if _, err := LearnFamilies(bad); err == nil || !strings.Contains(err.Error(), "不是逐句匹配的规则") {
		t.Errorf("families over a rule set without their rules: %v, want an error naming the rule", err)
	}
}

// Every feature the explanation can show reads in Chinese: each concept
// class and structural signal has its label.
func TestFeatureLabels(t *testing.T) {
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if l := FeatureLabel("c:" + c.Name); l == c.Name {
			t.Errorf("concept %s has no Chinese label (conceptLabels)", c.Name)
		}
	}
	for _, s := range learnSignals {
		if FeatureLabel(s.name) == strings.TrimPrefix(s.name, "s:") {
			t.Errorf("signal %s has no label", s.name)
		}
	}
	fs, err := LearnFeatures("规范性文件", "对在本镇注册的企业给予一次性奖励五万元。")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"t:规范性文件": false, "c:LOCAL": false, "c:REWARD": false, "c:AMOUNT": false, "p:REWARD+LOCAL": false}
	for _, f := range fs {
		if _, ok := want[f]; ok {
			want[f] = true
		}
	}
	for f, ok := range want {
		if !ok {
			t.Errorf("features of a local reward clause lack %s: %v", f, fs)
		}
	}
}
