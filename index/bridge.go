package index

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// The vocabulary bridge. An adviser types the word he uses (接访, 总包,
// 乱埋乱葬, 协管员); the statute says 信访, 施工总承包单位, 埋葬遗体,
// 执法辅助人员. Round 13 and 14's fresh queries lost most of their relevant
// articles that way: the article is no candidate. A rare word is often
// used beside the statute's word in the articles that do hold it (local
// rules, interpretations: 专题接访、带案下访 … 信访人; 总包商 … 分包),
// so the terms concentrated in a rare word's own articles are searched as
// low-weight alternatives of it — learned from the corpus at query time,
// not written per word.

// Parameters of round 15's sweep (docs/index-benchmarks.md, "Law search,
// round 15"), and round 20's two limits (a term far above chance in the
// word's articles, a term sharing a character with the word: 宅子 →
// 宅基地, 接访 → 信访); the sweep sets them (asks_test.go).
var (
	bridgeOn        = false // measured in rounds 15 and 20, not shipped: no setting won out of group
	bridgeMaxDF     = 60    // a word held by at most this many articles is bridged
	bridgeTerms     = 3     // terms added for it
	bridgeWeight    = 0.4   // their weight, as expansionWeight
	bridgeMinCount  = 2     // articles of the word a term must stand in
	bridgeMaxTermDF = 20000
	// bridgeMaxNational: a word whose articles include more of national
	// law (法律, 行政法规, 司法解释) than this is the statute's own word
	bridgeMaxNational = 1000
	// bridgeLift: a term's share of the word's articles must be this many
	// times its share of all articles (0: any)
	bridgeLift = 0.0
	// bridgeShare: the term holds one of the word's characters
	bridgeShare = false
	// bridgeMinTermDF: a statute's term stands in at least this many
	// articles
	bridgeMinTermDF = 0
)

// bridge adds to each typed word that few articles hold, and no
// statutory word of expand.txt covers, the terms most concentrated in its
// articles.
func (ix *Index) bridge(ctx context.Context, cs []concept) error {
	if !bridgeOn {
		return nil
	}
	have := map[string]bool{}
	for _, c := range cs {
		for _, t := range c.terms {
			have[t.term] = true
		}
	}
	for i := range cs {
		c := &cs[i]
		if utf8.RuneCountInString(c.word) > maxWordRunes {
			continue
		}
		var own []wterm
		rare := true
		for _, t := range c.terms {
			if t.kind == expansionTerm {
				rare = false // the word has its statutory words already
				break
			}
			if t.kind != ownTerm || t.virtual {
				continue
			}
			df, err := ix.docFreq(t)
			if err != nil {
				return err
			}
			if df > bridgeMaxDF {
				rare = false
				break
			}
			own = append(own, t)
		}
		if !rare || len(own) == 0 {
			continue
		}
		arts, _, err := ix.topLoaded(ctx, own, bridgeMaxDF, "", nil)
		if err != nil {
			return err
		}
		national := 0
		for _, a := range arts {
			if m := ix.laws[lawIDOf(a.id)]; m != nil && (m.Level == "法律" || m.Level == "行政法规" || m.Level == "司法解释") {
				national++
			}
		}
		if national > bridgeMaxNational {
			continue
		}
		count := map[string]int{}
		for _, a := range arts {
			for _, t := range ix.terms(a.text) {
				if keepTerm(t, termOptions{}) && !have[t] {
					count[t]++
				}
			}
		}
		var terms []string
		for t, n := range count {
			if n >= bridgeMinCount && !strings.Contains(c.word, t) && !strings.Contains(t, c.word) {
				terms = append(terms, t)
			}
		}
		dfs, err := ix.docFreqs(terms)
		if err != nil {
			return err
		}
		score := make(map[string]float64, len(terms))
		kept := terms[:0]
		for j, t := range terms {
			// a term found only in the word's articles adds nothing; one in
			// every fifth article is no subject
			if dfs[j] <= count[t] || dfs[j] > bridgeMaxTermDF || dfs[j] < bridgeMinTermDF {
				continue
			}
			if bridgeLift > 0 && float64(count[t])/float64(len(arts)) < bridgeLift*float64(dfs[j])/float64(ix.docs) {
				continue
			}
			if bridgeShare && !strings.ContainsAny(t, c.word) {
				continue
			}
			score[t] = float64(count[t]) * math.Log(float64(ix.docs)/float64(dfs[j]))
			kept = append(kept, t)
		}
		// a piece of a longer term standing in the same articles (天然 of
		// 天然气) is that term
		fragment := func(t string) bool {
			for _, u := range kept {
				if u != t && count[u] == count[t] && strings.Contains(u, t) {
					return true
				}
			}
			return false
		}
		words := kept[:0:0]
		for _, t := range kept {
			if !fragment(t) {
				words = append(words, t)
			}
		}
		kept = words
		sort.Slice(kept, func(a, b int) bool {
			if score[kept[a]] != score[kept[b]] {
				return score[kept[a]] > score[kept[b]]
			}
			return kept[a] < kept[b]
		})
		for _, t := range kept[:min(len(kept), bridgeTerms)] {
			if overlapsOther(t, cs, i) {
				continue
			}
			have[t] = true
			c.terms = append(c.terms, wterm{term: t, boost: bridgeWeight, kind: expansionTerm})
		}
	}
	return nil
}
