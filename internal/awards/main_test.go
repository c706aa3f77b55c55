package awards_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

// TestMain serves this package's tests on the package's own database.
func TestMain(m *testing.M) { dbtest.Main(m) }
