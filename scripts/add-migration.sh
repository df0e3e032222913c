#!/usr/bin/env bash
# Adds a migration NAME for both providers and regenerates the SQL Server deploy script in sql/.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh NAME}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer; do
  dotnet ef migrations add "$name" --project Analytics.Domain --startup-project Analytics.Domain \
    --context "${provider}AnalyticsDbContext" --output-dir "Migrations/$provider"
done
scripts/generate-sql.sh
