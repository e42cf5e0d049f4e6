package review

import (
	"fmt"
	"os"
	"testing"

	"lawreview/review/learn"
)

// BenchmarkLearnedScan is what the learned reader would add to a review of
// 5,000 characters (a 规范性文件 with the rules' findings): features of every
// sentence (jieba words, concept classes, signals) and eight dot products;
// and the whole review with and without it.
func BenchmarkLearnedScan5000(b *testing.B) {
	data, err := os.ReadFile(learnModelPath)
	if err != nil {
		b.Fatal(err)
	}
	m, err := learn.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	e := testEngine(b)
	fams, err := LearnFamilies(e.Rules())
	if err != nil {
		b.Fatal(err)
	}
	lr, err := newLearnReader(e.seg)
	if err != nil {
		b.Fatal(err)
	}
	text := benchText(b, 5000)
	rep, err := e.Review(Input{Text: text}, Options{Type: "规范性文件", At: reviewDate, NoLearned: true})
	if err != nil {
		b.Fatal(err)
	}
	d := newDoc(e.seg, "", text)
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			e.learnedScan(lr, m, fams, d, "规范性文件", rep.Findings, LearnedThreshold, false)
		}
	})
	for _, off := range []bool{false, true} {
		b.Run(fmt.Sprintf("review/nolearned=%v", off), func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Review(Input{Text: text}, Options{Type: "规范性文件", At: reviewDate, NoLearned: off}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
