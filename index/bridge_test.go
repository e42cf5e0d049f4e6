package index

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// BRIDGE=maxdf,terms,weight,mincount,maxnational turns the bridge on with
// those parameters for any test of this binary (round 15's sweep:
// BRIDGE=60,3,0.15,2,2 go test ./index -run 'TestEvalSearch$' -v).
func init() {
	if v := os.Getenv("BRIDGE"); v != "" {
		var a, b, d, nat int
		var w float64
		fmt.Sscanf(v, "%d,%d,%g,%d,%d", &a, &b, &w, &d, &nat)
		bridgeMaxDF, bridgeTerms, bridgeWeight, bridgeMinCount, bridgeMaxNational = a, b, w, d, nat
		bridgeOn = a > 0
	}
}

// TestBridgeTerms prints, with BRIDGE set, what the bridge adds to each
// judged query's words.
func TestBridgeTerms(t *testing.T) {
	if os.Getenv("BRIDGE") == "" {
		t.Skip("no BRIDGE")
	}
	ix, _ := fullIndex(t)
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		pq := parseQuery(q.Query)
		cs, err := ix.concepts(pq.Words, strings.Join(pq.Words, " "), termOptions{numbers: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.bridge(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, c := range cs {
			for _, tm := range c.terms {
				if tm.kind == expansionTerm && tm.boost == bridgeWeight {
					s = append(s, c.word+"→"+tm.term)
				}
			}
		}
		if len(s) > 0 {
			t.Logf("%s %s: %s", q.ID, q.Query, strings.Join(s, " "))
		}
	}
}
