package petitions

import (
	"context"
	"strings"

	"github.com/daugavpils/prdesk/templates/layout"
)

func layoutPath(ctx context.Context) string {
	return strings.TrimSuffix(layout.PageFrom(ctx).Path, "/")
}
