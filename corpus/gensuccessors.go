//go:build ignore

// gensuccessors proposes rows for successors.tsv: for every article of an
// old text (a law the 民法典 repealed, or an earlier version of a renumbered
// law) the articles of the successor whose wording it continues. It is a
// reviewing aid, not the table: its proposals were read one by one against
// both texts before they went into successors.tsv, and rows it scores low
// were decided by reading (see the header of successors.tsv).
//
// The old texts are not part of the collection in ../shared/corpus/laws
// (it drops repealed laws and most superseded versions), so they are read
// from a folder of their own, laid out like the collection:
//
//	go run gensuccessors.go -old /tmp/old -corpus ../../shared/corpus/laws > proposals.tsv
//
// Method: character bigrams of each article (Han characters and digits
// only), weighted by their rarity in the successor, compared by cosine.
// An old article's best match is its first successor; a paragraph or item
// of it that matches another article better names that article too (合同法
// 第五十二条's five grounds of nullity went to three articles).
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"lawreview/corpus"
)

// pairs are the old texts (file name in -old) and the law that took their
// place.
var pairs = []struct{ old, successor, at string }{
	{"合同法(1999-03-15).md", "民法典", ""},
	{"物权法(2007-03-16).md", "民法典", ""},
	{"婚姻法(2001-04-28).md", "民法典", ""},
	{"继承法(1985-04-10).md", "民法典", ""},
	{"民法通则(2009-08-27).md", "民法典", ""},
	{"担保法(1995-06-30).md", "民法典", ""},
	{"侵权责任法(2009-12-26).md", "民法典", ""},
	{"收养法(1998-11-04).md", "民法典", ""},
	{"民法总则(2017-03-15).md", "民法典", ""},
	{"行政处罚法(2017-09-01).md", "行政处罚法", ""},
	// Both versions of 妇女权益保障法 are in the collection.
	{"", "妇女权益保障法", "2018-10-26"},
}

func main() {
	oldDir := flag.String("old", "", "folder of the old texts")
	root := flag.String("corpus", "", "the collection (../shared/corpus/laws)")
	review := flag.Float64("review", 0, "also print, to stderr, the three best articles with their text for proposals scoring below this")
	flag.Parse()
	if *oldDir == "" || *root == "" {
		fmt.Fprintln(os.Stderr, "用法：go run gensuccessors.go -old 旧法文本目录 -corpus 法律库目录")
		os.Exit(2)
	}
	c, _, err := corpus.Load(*root)
	if err != nil {
		fail(err)
	}
	fmt.Println("old_law\told_version\told_article\tnew_law\tnew_version\tnew_articles\tscore\told_text\tnew_text")
	for _, p := range pairs {
		var old *corpus.Law
		if p.old != "" {
			b, err := os.ReadFile(filepath.Join(*oldDir, p.old))
			if err != nil {
				fail(err)
			}
			if old, err = corpus.ParseMarkdown(p.old, b); err != nil {
				fail(err)
			}
		} else {
			at, _ := time.Parse(time.DateOnly, p.at)
			if old, err = c.Resolve(p.successor, at); err != nil {
				fail(err)
			}
		}
		succ, err := c.Resolve(p.successor, time.Time{})
		if err != nil {
			fail(err)
		}
		propose(old, succ, *review)
	}
}

type vec map[string]float64

func bigrams(s string) []string {
	var rs []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

func propose(old, succ *corpus.Law, review float64) {
	df := map[string]int{}
	for _, a := range succ.Articles {
		seen := map[string]bool{}
		for _, g := range bigrams(a.Text) {
			if !seen[g] {
				seen[g] = true
				df[g]++
			}
		}
	}
	n := float64(len(succ.Articles))
	weigh := func(s string) vec {
		v := vec{}
		for _, g := range bigrams(s) {
			v[g] += math.Log((n + 1) / float64(df[g]+1))
		}
		return v
	}
	news := make([]vec, len(succ.Articles))
	for i, a := range succ.Articles {
		news[i] = weigh(a.Text)
	}
	best := func(v vec) (int, float64) {
		bi, bs := -1, 0.0
		for i, w := range news {
			if s := cosine(v, w); s > bs {
				bi, bs = i, s
			}
		}
		return bi, bs
	}
	last := -1
	for _, a := range old.Articles {
		v := weigh(a.Text)
		i, s := best(v)
		if i < 0 {
			continue
		}
		// Short boilerplate (本章没有规定的，参照适用…) matches several
		// articles equally; of near-equal matches take the one that
		// follows the previous article's match, as the codification kept
		// the order of each chapter.
		for k, w := range news {
			if k != i && cosine(v, w) >= s-0.02 && k > last && (i <= last || k < i) {
				i = k
			}
		}
		last = i
		targets := []string{succ.Articles[i].Label}
		for _, part := range strings.Split(a.Text, "\n") {
			if len([]rune(part)) < 12 {
				continue
			}
			j, ps := best(weigh(part))
			if j >= 0 && ps >= 0.5 && !contains(targets, succ.Articles[j].Label) {
				targets = append(targets, succ.Articles[j].Label)
			}
		}
		fmt.Printf("%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n", old.ShortName, old.Published.Format(time.DateOnly), a.Label,
			succ.ShortName, succ.Published.Format(time.DateOnly), strings.Join(targets, ","), s,
			clip(a.Text), clip(succ.Articles[i].Text))
		if s < review {
			fmt.Fprintf(os.Stderr, "\n=== %s %s (%.2f)\n%s\n", old.ShortName, a.Label, s, a.Text)
			v := weigh(a.Text)
			idx := make([]int, len(news))
			for k := range idx {
				idx[k] = k
			}
			sort.Slice(idx, func(x, y int) bool { return cosine(v, news[idx[x]]) > cosine(v, news[idx[y]]) })
			for _, k := range idx[:3] {
				fmt.Fprintf(os.Stderr, "  -> %s (%.2f) %s\n", succ.Articles[k].Label, cosine(v, news[k]), succ.Articles[k].Text)
			}
		}
	}
}

func cosine(a, b vec) float64 {
	var dot, na, nb float64
	for k, x := range a {
		na += x * x
		if y, ok := b[k]; ok {
			dot += x * y
		}
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func clip(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	rs := []rune(s)
	if len(rs) > 60 {
		return string(rs[:60]) + "…"
	}
	return s
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
