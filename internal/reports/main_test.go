package reports_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// TestMain serves this package's tests on the package's own database. The
// dashboard's, the agenda's and the search's tests share one server
// (apptest.New) and sign in once per role.
func TestMain(m *testing.M) { dbtest.Main(m) }
