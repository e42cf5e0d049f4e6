package review

import (
	"reflect"
	"testing"
)

func TestByLaw(t *testing.T) {
	b := func(law, art, part string) Basis { return Basis{Law: law, Article: art, Part: part} }
	type group struct {
		law  string
		arts []string
	}
	for _, c := range []struct {
		name string
		in   []Basis
		want []group
	}{
		{"none", nil, nil},
		{"one law's articles together, in first-cited order",
			[]Basis{b("妇女权益保障法", "第五十五条", "第一款"), b("农村土地承包法", "第三十一条", ""), b("妇女权益保障法", "第五十六条", "")},
			[]group{{"妇女权益保障法", []string{"第五十五条第一款", "第五十六条"}}, {"农村土地承包法", []string{"第三十一条"}}}},
		{"book-title marks and blanks do not make another law",
			[]Basis{b("《行政处罚法》", "第十六条", ""), b(" 行政处罚法", "第九条", "")},
			[]group{{"行政处罚法", []string{"第十六条", "第九条"}}}},
		{"an article cited twice for the same part once; another part kept",
			[]Basis{b("村民委员会组织法", "第二十七条", "第二款"), b("村民委员会组织法", "第二十七条", "第二款"), b("村民委员会组织法", "第二十七条", "第三款")},
			[]group{{"村民委员会组织法", []string{"第二十七条第二款", "第二十七条第三款"}}}},
		{"a basis without a law is dropped", []Basis{b("", "第一条", "")}, nil},
	} {
		var got []group
		for _, l := range ByLaw(c.in) {
			g := group{law: l.Law}
			for _, a := range l.Articles {
				g.arts = append(g.arts, a.Article+a.Part)
			}
			got = append(got, g)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
