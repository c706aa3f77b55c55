// Package privacytest gives the route × role test its samples of the data
// subject's request: the page empty, with results, and the extract.
package privacytest

import (
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/apptest"
)

// RouteSamples open the request page empty and with a lookup (so that the
// results' HTML is checked too), and the extract. The name is the one the
// visitors' fixtures give their bookings.
func RouteSamples(testing.TB, *pgxpool.Pool) []apptest.RouteSample {
	return []apptest.RouteSample{
		{Pattern: "/privacy", Path: "/privacy"},
		{Pattern: "/privacy", Path: "/privacy?name=Anna+Kalni%C5%86a&phone=%2B37120000000"},
		{Pattern: "/privacy/extract.pdf", Path: "/privacy/extract.pdf?name=Anna+Kalni%C5%86a"},
	}
}
