// Package storagetest is the test suite of storage.Store, run against
// every implementation (web/storage/sqlite and web/storage/postgres) by
// their tests: the same records, the same refusals, and the same
// guarantees under concurrent writers, which for PostgreSQL are several
// server nodes on one database.
package storagetest

import (
	"context"
	"testing"

	"lawreview/web/storage"
)

// Backend is a database a store runs on.
type Backend struct {
	// Fresh creates an empty database (migrated by the first open) and
	// returns how to open a store on it. Every call of the returned
	// function is another connection pool, as another server node would
	// hold; the test's cleanup closes it.
	Fresh func(t *testing.T) func(t *testing.T) storage.Store
}

// open is a store on a fresh database.
func (b Backend) open(t *testing.T) storage.Store { return b.Fresh(t)(t) }

// Run runs the whole suite against the backend.
func Run(t *testing.T, b Backend) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Backend)
	}{
		{"Migrations", testMigrations},
		{"CreateUploadRollsBack", testCreateUploadRollsBack},
		{"SignoffOptimisticAndNumbers", testSignoffOptimisticAndNumbers},
		{"OfficeProvince", testOfficeProvince},
		{"DuplicatesAndNotFound", testDuplicatesAndNotFound},
		{"SignoffLatestAndSnapshot", testSignoffLatestAndSnapshot},
		{"SignoffRecordsPrecedents", testSignoffRecordsPrecedents},
		{"Backfill", testBackfill},
		{"ImportExportRoundTrip", testImportExportRoundTrip},
		{"PublicPrecedents", testPublicPrecedents},
		{"SessionsAcrossNodes", testSessionsAcrossNodes},
		{"NumbersAcrossNodes", testNumbersAcrossNodes},
		{"DecideWhileSigning", testDecideWhileSigning},
		{"VersionWhileSigning", testVersionWhileSigning},
		{"VersionsAtOnce", testVersionsAtOnce},
		{"ConclusionsAtOnce", testConclusionsAtOnce},
		{"LoginThrottleAcrossNodes", testLoginThrottleAcrossNodes},
		{"LoginsForgetAtOnce", testLoginsForgetAtOnce},
		{"ImportsAtOnce", testImportsAtOnce},
		{"PrecedentChanges", testPrecedentChanges},
		{"LetterheadSnapshot", testLetterheadSnapshot},
		{"SignedFiles", testSignedFiles},
		{"ChangeTypeStore", testChangeTypeStore},
		{"LawfulPrecedentChoice", testLawfulPrecedentChoice},
		{"ReplaceBank", testReplaceBank},
		{"Statistics", testStatistics},
	} {
		t.Run(c.name, func(t *testing.T) { c.fn(t, b) })
	}
}

// rawExec is what the stores offer tests to set up a state that no method
// makes (a review signed before precedents existed).
type rawExec interface {
	ExecRaw(ctx context.Context, query string) error
}

func execRaw(t *testing.T, s storage.Store, q string) {
	t.Helper()
	r, ok := s.(rawExec)
	if !ok {
		t.Skipf("%T cannot run SQL of a test's own", s)
	}
	if err := r.ExecRaw(context.Background(), q); err != nil {
		t.Fatal(err)
	}
}

type versioned interface {
	SchemaVersion(ctx context.Context) (int, error)
}

// Opening a migrated database again applies nothing twice; foreign keys
// are enforced.
func testMigrations(t *testing.T, b Backend) {
	ctx := context.Background()
	open := b.Fresh(t)
	s := open(t)
	vs, ok := s.(versioned)
	if !ok {
		t.Fatalf("%T has no SchemaVersion", s)
	}
	v, err := vs.SchemaVersion(ctx)
	if err != nil || v < 100 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	s2 := open(t)
	if v2, err := s2.(versioned).SchemaVersion(ctx); err != nil || v2 != v {
		t.Errorf("version on reopen: %d, %v; want %d", v2, err, v)
	}
	if _, err := s2.CreateTownship(ctx, "孤镇", 999); err == nil {
		t.Error("township with a missing office accepted")
	}
}
