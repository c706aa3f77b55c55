package petitions_test

import (
	"testing"

	"github.com/daugavpils/prdesk/internal/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
