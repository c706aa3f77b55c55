package petitions_test

import (
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// testNow is when the registry's tests say it is: Wednesday 10 June 2026
// at noon in Riga, so that no test depends on the day or the hour it runs.
var testNow = time.Date(2026, 6, 10, 12, 0, 0, 0, i18n.Riga)

// server is the package's test server with its clock stopped at testNow.
func server(t *testing.T) *apptest.Server {
	t.Helper()
	srv := apptest.New(t)
	srv.Clock.Set(t, testNow)
	return srv
}

// register registers s through the fixtures, at testNow unless s says when.
func register(t *testing.T, pool *pgxpool.Pool, s petitionstest.Sub) *petitions.Petition {
	t.Helper()
	if s.At.IsZero() {
		s.At = testNow
	}
	return petitionstest.Register(t, pool, s)
}
