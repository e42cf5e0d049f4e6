# lawreview — see README.md. Every target works on a fresh machine with Go 1.26.
GO      ?= go
BIN     ?= lawreview
DATA    ?= data
ADDR    ?= 127.0.0.1:8080
CORPUS  ?= ../shared/corpus/laws
FUZZTIME ?= 10s

.PHONY: build run test bench fuzz lint eval model clean

build:
	$(GO) build -o $(BIN) ./cmd/lawreview

# Starts the web server on the embedded default corpus, with demo accounts.
run: build
	./$(BIN) serve --addr $(ADDR) --data $(DATA) --demo

# The second line runs the shared jieba instance from many goroutines under
# the race detector: every request segments through one instance.
test:
	$(GO) test -count=1 -timeout 60m ./...
	$(GO) test -race -count=1 -run 'Concurrent' ./corpus/segment/

# Benchmarks: Go benchmarks of the pipeline packages (5 runs each, for
# benchstat), then the full-corpus index benchmark, which imports the whole
# of $(CORPUS), times 200 realistic queries and compares the build with raw
# jieba segmentation in the same run, then the full review (rules + related
# articles from that index) of 5,000- to 50,000-character drafts; last the
# load benchmark of the web server, in its own process: 50 sessions for a
# minute with bursts of 120 concurrent logins, every request answered and
# the server's peak RSS under 600 MB. Figures are written up in docs/
# (benchmarks.md, index-benchmarks.md, review-benchmarks.md, load.md).
bench:
	@echo "Machine: $$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $$(nproc) CPUs; load average $$(cut -d' ' -f1-3 /proc/loadavg) at $$(date -u +%FT%TZ)"
	@# web/bench runs the built binary on $(CORPUS) imported into a data directory: cold
	@# `lawreview review` (5,000 characters) and `lawreview law`, then the server's RSS idle
	@# one minute after start, after 50 logins and under 50 users for a minute, and its latency.
	$(GO) run ./web/bench -corpus $(CORPUS)
	$(GO) test -run '^$$' -bench . -benchmem -count 5 -timeout 60m ./corpus/... ./review/... ./index/... | tee bench.out
	$(GO) run ./index/bench -corpus $(CORPUS) -queries index/testdata/queries.txt
	$(GO) run ./index/bench -corpus $(CORPUS) -review
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x -timeout 30m ./web/ | tee -a bench.out

# Short fuzzing of every Fuzz target (the seed corpora also run in `make test`).
# Every target runs to the end, and the failures are listed at the end.
# Go 1.26's fuzzing coordinator can fail a target with a bare "context
# deadline exceeded" as -fuzztime runs out (golang/go#75804, fixed in Go
# 1.27): a run that says so without writing a failing input is retried, and
# after three such runs reported and tolerated. A crash writes its input to
# testdata/fuzz and fails the target.
fuzz:
	@failed=""; log=$$(mktemp); \
	for pkg in $$($(GO) list ./...); do \
	  list=$$($(GO) test -list '^Fuzz' $$pkg) || { failed="$$failed $$pkg(list)"; continue; }; \
	  for f in $$(echo "$$list" | grep '^Fuzz' || true); do \
	    for try in 1 2 3; do \
	      echo "== $$pkg $$f"; \
	      { $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; echo "exit $$?"; } 2>&1 | tee $$log; \
	      if grep -q '^exit 0$$' $$log; then break; fi; \
	      if grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written to' $$log; then \
	        if [ $$try -lt 3 ]; then echo "   golang/go#75804 (no failing input written): retrying"; continue; fi; \
	        echo "   golang/go#75804 three times, no failing input written: tolerated"; break; \
	      fi; \
	      failed="$$failed $$pkg.$$f"; break; \
	    done; \
	  done; \
	done; rm -f $$log; \
	if [ -n "$$failed" ]; then echo "fuzz failures:$$failed"; exit 1; fi; echo "fuzz: every target ran to the end"

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# Precision/recall of the review rules on testdata/eval; recall@5 of the
# related-article retrieval (default corpus, and the full one when
# ../shared/corpus/laws exists); on the full corpus also the judged law
# search (testdata/search: precision@5, top-1, nDCG@5, tuned-on and
# held-out queries apart) and the on-point rate of related articles. The
# full index is built once and cached under $TMPDIR/lawreview-eval-index.
eval:
	$(GO) test -count=1 -run 'TestEval|TestFrameGrids' -v ./review/ ./index/ 2>&1 | grep -v '^=== RUN'

# Retrains the learned reader's model (review/learn/model.json) from the
# labelled material of the tree; TestLearnedModel checks that the file is
# what this writes. LEARN_CV=1 go test ./review -run TestEvalLearned -v is
# its cross-validation (docs/eval.md, "Round 15: a learned reader"), which
# scores texts of the same batches it trained on; LEARN_SPLIT=1 go test
# ./review -run TestEvalLearnedTime -v is the time split (trained before a
# cut, scored on the newer batches), the figure that predicts unseen text
# (docs/eval.md, "Round 51m").
model:
	LEARN_WRITE=1 $(GO) test -count=1 -run 'TestLearnedModel$$' ./review/

clean:
	rm -f $(BIN) bench.out
