package index

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
)

// lawLabels maps the article labels of one law version to document IDs.
type lawLabels map[string]string

// maxLawArticles bounds the articles read for one law by a search or by
// document number (民法典, the longest law, has 1,260).
const maxLawArticles = 5000

// labels returns the label map of a law version, made from the corpus's
// articles of it (texts.go) once and kept: the index never changes while
// open. Where two articles share a label the first is kept, as the index's
// order (document number) gave it when the labels were stored.
func (ix *Index) labels(_ context.Context, lawID string) (lawLabels, error) {
	if v, ok := ix.labelCache.Load(lawID); ok {
		return v.(lawLabels), nil
	}
	arts, err := ix.texts.law(lawID, ix.laws)
	if err != nil {
		return nil, fmt.Errorf("articles of %s: %w", lawID, err)
	}
	m := make(lawLabels, len(arts))
	for i := range arts {
		if _, dup := m[arts[i].Label]; !dup {
			m[arts[i].Label] = lawDocID(lawID, i)
		}
	}
	ix.labelCache.Store(lawID, m)
	return m, nil
}

// currentLaw finds the version in force of the law a name stands for (full
// or short name, with or without 《》 and 中华人民共和国, or a common
// abbreviation). ok is false when no law or several laws (regions' laws of
// one name) answer to it.
func (ix *Index) currentLaw(name string) (string, bool) {
	var ids []string
	for _, n := range []string{strings.Trim(strings.TrimSpace(name), "《》"), corpus.CanonicalName(name)} {
		if ids = ix.lawIDs[n]; len(ids) > 0 {
			break
		}
		if ids = ix.lawIDs["中华人民共和国"+n]; len(ids) > 0 {
			break
		}
	}
	cur := ""
	for _, id := range ids {
		if m := ix.laws[id]; m != nil && m.Status == string(corpus.StatusCurrent) {
			if cur != "" {
				return "", false
			}
			cur = id
		}
	}
	if cur == "" && len(ids) > 0 {
		// a law with no version in force: its latest version
		sorted := append([]string(nil), ids...)
		sort.Slice(sorted, func(i, j int) bool { return ix.laws[sorted[i]].Version < ix.laws[sorted[j]].Version })
		last := sorted[len(sorted)-1]
		for _, id := range sorted {
			if ix.laws[id].Name != ix.laws[last].Name || ix.laws[id].Region != ix.laws[last].Region {
				return "", false
			}
		}
		cur = last
	}
	return cur, cur != ""
}

// articleDocID is the document of article label (第十六条, 16) of the law
// version lawID, "" when the version has no such article.
func (ix *Index) articleDocID(ctx context.Context, lawID, label string) (string, error) {
	num, sub, err := corpus.ParseArticleLabel(label)
	if err != nil {
		return "", nil
	}
	m, err := ix.labels(ctx, lawID)
	if err != nil {
		return "", err
	}
	return m[corpus.ArticleLabel(num, sub)], nil
}

// articleRef matches a query that is a law's name and one article of it:
// 《物权法》第五十九条, 民法典第一千零四十二条, 土地管理法 第六十二条.
var articleRef = regexp.MustCompile(`^《?\s*([^《》\s]{2,80}?)\s*》?\s*(第[零〇一二三四五六七八九十百千0-9０-９]+条(?:之[一二三四五六七八九十]+)?)$`)

// lookup answers a query that names one article with that article: found
// by name and number, never by words (物权法 第五十九条 used to find 海商法
// 第六十一条 by the number). A law the corpus no longer holds in force (物权法,
// repealed by 民法典) is answered with its successor articles. ok is false
// when the query is not such a reference or names no law the index or the
// successor table knows.
func (ix *Index) lookup(ctx context.Context, text string) (ids []string, notice string, ok bool, err error) {
	m := articleRef.FindStringSubmatch(strings.TrimSpace(foldWidth(text)))
	if m == nil {
		return nil, "", false, nil
	}
	name, label := m[1], m[2]
	num, sub, perr := corpus.ParseArticleLabel(label)
	if perr != nil {
		return nil, "", false, nil
	}
	label = corpus.ArticleLabel(num, sub)
	if lawID, found := ix.currentLaw(name); found {
		id, err := ix.articleDocID(ctx, lawID, label)
		if err != nil {
			return nil, "", false, err
		}
		meta := ix.laws[lawID]
		if id == "" {
			return nil, fmt.Sprintf("《%s》（%s版）没有%s", meta.Name, meta.Version, label), true, nil
		}
		ids = append(ids, id)
		if meta.Status == string(corpus.StatusCurrent) {
			return ids, "", true, nil
		}
		more, note, err := ix.successorIDs(ctx, meta.Short, label)
		if err != nil {
			return nil, "", false, err
		}
		return append(ids, more...), note, true, nil
	}
	if _, repealed := corpus.RepealOf(name); !repealed {
		return nil, "", false, nil
	}
	more, note, err := ix.successorIDs(ctx, name, label)
	if err != nil || note == "" {
		return nil, "", false, err
	}
	return more, note, true, nil
}

// successorIDs are the documents of the articles that took the place of a
// repealed law's article, with a note saying so.
func (ix *Index) successorIDs(ctx context.Context, name, label string) ([]string, string, error) {
	rep, repealed := corpus.RepealOf(name)
	if !repealed {
		return nil, "", nil
	}
	s, ok := corpus.SuccessorOf(name, time.Time{}, label)
	if !ok {
		return nil, fmt.Sprintf("《%s》已于%s废止，条文对应表中没有其%s", corpus.CanonicalName(name), rep.On.Format("2006年1月2日"), label), nil
	}
	if len(s.Articles) == 0 {
		return nil, fmt.Sprintf("《%s》已于%s废止，其%s在《%s》中没有对应的条文", s.Law, rep.On.Format("2006年1月2日"), label, s.NewLaw), nil
	}
	lawID, found := ix.currentLaw(s.NewLaw)
	if !found {
		return nil, fmt.Sprintf("《%s》已于%s废止，其%s的内容现由《%s》%s规定（索引中没有该法）", s.Law, rep.On.Format("2006年1月2日"), label, s.NewLaw, strings.Join(s.Articles, "、")), nil
	}
	var ids []string
	for _, a := range s.Articles {
		id, err := ix.articleDocID(ctx, lawID, a)
		if err != nil {
			return nil, "", err
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids, fmt.Sprintf("《%s》已于%s废止（《%s》%s），其%s的内容现由《%s》%s规定", s.Law, rep.On.Format("2006年1月2日"),
		rep.By, rep.Article, label, s.NewLaw, strings.Join(s.Articles, "、")), nil
}
