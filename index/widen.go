package index

import (
	"context"
	"strings"
)

// A quoted phrase is searched as written: its words are required and the
// articles holding it as written rank first. Typed by an adviser it is
// often his memory of the statute, not its text: "公布之日起三十日后施行"
// where the statute writes 30日, "买卖不破租赁" (a doctrine's name no
// article holds). Both found nothing (round 13's q232 and q237, two of its
// ten empty pages). When no hit holds the phrases as written, the query is
// answered with the phrases searched as words (their expansions, numeral
// variants and doctrine names: concepts), and says so.
//
// Filling a short page of the phrases' articles with the words search (the
// first form) brought only unjudged neighbours into the three short pages
// it touched (q75, q251, q262) and no relevant article: a phrase that is
// found is kept as the adviser typed it.

// widenOn switches the widening (tests compare).
var widenOn = true

// quoteRunes are the quotes that open a phrase (parse.go's closingQuote).
const quoteRunes = "\"“「『”"

// widened runs q; a words query with quoted phrases that no hit holds as
// written is answered by the query with the phrases unquoted.
func (ix *Index) widened(ctx context.Context, q Query) (*Result, error) {
	if !widenOn || q.Phrase || !strings.ContainsAny(q.Text, quoteRunes) {
		return ix.search(ctx, q) // no quote: a pasted clause is not parsed twice
	}
	pq := parseQuery(q.Text)
	if len(pq.Phrases) == 0 {
		return ix.search(ctx, q)
	}
	strict, err := ix.search(ctx, q)
	if err != nil || strict.Lookup {
		return strict, err
	}
	first := strict
	if q.From > 0 {
		// whether the first page holds the phrases decides every page
		fq := q
		fq.From = 0
		if first, err = ix.search(ctx, fq); err != nil {
			return nil, err
		}
	}
	if holdsPhrases(first.Hits, pq.Phrases) {
		return strict, nil
	}
	wq := q
	wq.Text = unquoted(pq)
	words, err := ix.search(ctx, wq)
	if err != nil {
		return nil, err
	}
	if words.Lookup {
		return strict, nil // the words name an article: not a question of words
	}
	note := "引号内的文字没有条文原样包含，以下为按词检索的结果"
	if words.Notice != "" {
		note = words.Notice + "；" + note
	}
	words.Notice = note
	words.Took += strict.Took
	return words, nil
}

// holdsPhrases reports whether a hit holds every phrase as written (those
// that do rank first: phraseWeight).
func holdsPhrases(hits []Hit, phrases []string) bool {
	for _, h := range hits {
		if containsPhrases(h.Text, phrases) {
			return true
		}
	}
	return false
}

// unquoted is the query with its phrases as words, excluded words kept.
func unquoted(pq parsedQuery) string {
	parts := append(append([]string(nil), pq.Phrases...), pq.Words...)
	for _, w := range pq.Exclude {
		parts = append(parts, "-"+w)
	}
	return strings.Join(parts, " ")
}
