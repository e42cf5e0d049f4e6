package postgres

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/web/storage"
	"lawreview/web/storage/postgres/pgtest"
	"lawreview/web/storage/sqlite"
	"lawreview/web/storage/sqlstore"
	"lawreview/web/storage/storagetest"
)

// PostgreSQL is the storage suite's second backend: a fresh schema of
// the test database, each "node" a pool of its own on it.
func TestStore(t *testing.T) {
	storagetest.Run(t, storagetest.Backend{Fresh: func(t *testing.T) func(t *testing.T) storage.Store {
		dsn := pgtest.DSN(t)
		return func(t *testing.T) storage.Store {
			s, err := Open(dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
	}})
}

// Every migration of SQLite has its PostgreSQL twin with the same number
// and the other way round, so that nobody adds one and forgets the other.
func TestMigrationsInBothDialects(t *testing.T) {
	lite, err := sqlstore.Migrations(sqlite.Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	pg, err := sqlstore.Migrations(Migrations, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	have := map[int]string{}
	for _, m := range pg {
		have[m.Version] = m.Name
	}
	for _, m := range lite {
		if _, ok := have[m.Version]; !ok {
			t.Errorf("web/storage/sqlite/migrations/%s has no PostgreSQL twin in web/storage/postgres/migrations (number %04d)", m.Name, m.Version)
		}
		delete(have, m.Version)
	}
	for v, name := range have {
		t.Errorf("web/storage/postgres/migrations/%s has no SQLite twin in web/storage/sqlite/migrations (number %04d)", name, v)
	}
}

// Two nodes starting at once on an empty database: both come up, each
// migration is applied once.
func TestMigrateTogether(t *testing.T) {
	dsn := pgtest.DSN(t)
	errs := make(chan error, 4)
	stores := make(chan *Store, 4)
	for i := 0; i < 4; i++ {
		go func() {
			s, err := Open(dsn)
			errs <- err
			stores <- s
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		s := <-stores
		defer s.Close()
	}
	s, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n, distinct int
	if err := s.QueryRaw(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations`, &n, &distinct); err != nil {
		t.Fatal(err)
	}
	ms, _ := sqlstore.Migrations(Migrations, "migrations")
	if n != len(ms) || distinct != n {
		t.Errorf("schema_migrations holds %d rows (%d versions), want %d", n, distinct, len(ms))
	}
}

// Every text column compares bytes, as SQLite does: ordering and MIN/MAX
// must not depend on the locale the database was created with.
func TestTextCollation(t *testing.T) {
	s, err := Open(pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var bad string
	if err := s.QueryRaw(context.Background(), `SELECT COALESCE(string_agg(table_name || '.' || column_name, ', '), '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type = 'text' AND table_name <> 'schema_migrations' AND COALESCE(collation_name, '') <> 'C'`, &bad); err != nil {
		t.Fatal(err)
	}
	if bad != "" {
		t.Errorf("text columns without COLLATE \"C\" (declare them TEXT COLLATE \"C\"): %s", bad)
	}
}

// An office's SQLite database copied into PostgreSQL and back holds the
// same records: every table's count and content hash and every signed
// opinion's hash agree, ids included. A target in use is refused, and
// the PostgreSQL copy numbers new records after the copied ones.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	openLite := func(name string) *sqlstore.Store {
		s, err := sqlite.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	office := openLite("office.db")
	storagetest.Populate(t, office)
	pg, err := Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if err := sqlstore.Copy(ctx, office, pg); err != nil {
		t.Fatal(err)
	}
	back := openLite("back.db")
	if err := sqlstore.Copy(ctx, pg, back); err != nil {
		t.Fatal(err)
	}
	sums := func(s *sqlstore.Store) *sqlstore.Sums {
		x, err := s.Sums(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	a, p, b := sums(office), sums(pg), sums(back)
	if len(a.Opinions) != 2 || a.Tables["signoffs"].Rows != 2 || a.Tables["precedents"].Rows == 0 || a.Tables["login_failures"].Rows != 1 {
		t.Fatalf("populated: %d opinions, tables %+v", len(a.Opinions), a.Tables)
	}
	for name, other := range map[string]*sqlstore.Sums{"PostgreSQL": p, "SQLite again": b} {
		if d := sqlstore.Compare(a, other); len(d) > 0 {
			t.Errorf("%s differs from the original: %+v", name, d)
		}
	}
	if err := sqlstore.Copy(ctx, office, pg); err == nil || !strings.Contains(err.Error(), "已有数据") {
		t.Errorf("copy into a database in use: %v", err)
	}
	id, err := pg.CreateOffice(ctx, "新设司法所")
	if err != nil {
		t.Fatal(err)
	}
	var maxID int64
	if err := pg.QueryRaw(ctx, `SELECT MAX(id) FROM offices WHERE name <> '新设司法所'`, &maxID); err != nil || id <= maxID {
		t.Errorf("new office id %d after copied ids up to %d (%v)", id, maxID, err)
	}
	// The comparison sees one changed opinion.
	if err := back.ExecRaw(ctx, `UPDATE signoffs SET opinion = opinion || '。' WHERE id = (SELECT MIN(id) FROM signoffs)`); err != nil {
		t.Fatal(err)
	}
	d := sqlstore.Compare(a, sums(back))
	if len(d) != 2 || d[0].Table != "signoffs" || !strings.Contains(d[1].What, "sha256") {
		t.Errorf("one opinion changed: %+v", d)
	}
}
