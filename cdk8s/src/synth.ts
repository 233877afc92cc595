// The whole cdk8s app → the three Helm charts as { "charts/<chart>/<file>": content }. Pure, so
// the drift test can compare a fresh synth with the committed charts/ without touching them.
import { App } from "cdk8s";
import type { Chart } from "cdk8s";
import { keyRotationCrd, twilioNumberCrd } from "@phoenix/crds";
import { ApiObject, Chart as Cdk8sChart } from "cdk8s";
import { stringify } from "yaml";
import { Knobs } from "./helm/knobs.ts";
import { templatesOf, generatedHeader } from "./helm/render.ts";
import { chartYaml, schemaJson, valuesYaml } from "./helm/chart-files.ts";
import { phoenixValues } from "./values.ts";
import { platformDependencies, platformValues } from "./platform-values.ts";
import { environments, everything, platformZones } from "./environments.ts";
import { componentCharts } from "./charts/components.ts";
import {
  AppsZoneChart,
  DevSecretsChart,
  KeysChart,
  MigrationsChart,
  RoutesChart,
  TestsChart,
} from "./charts/release.ts";
import { GatewayChart, PlatformZonesChart, PostgresChart } from "./charts/platform.ts";
import { AlloyPipelineChart } from "./charts/alloy.ts";
import { notes } from "./notes.ts";
import { loadChartFiles } from "./charts/load.ts";

export const version = "0.1.0";

export interface PhoenixApp {
  readonly app: App;
  readonly phoenix: Chart[];
  readonly crds: Chart[];
  readonly platform: Chart[];
}

export function buildApp(): PhoenixApp {
  const app = new App();
  const k = new Knobs(phoenixValues);
  const phoenix = [
    ...componentCharts(app, k),
    new AppsZoneChart(app, k),
    new RoutesChart(app, k),
    new KeysChart(app, k),
    new DevSecretsChart(app, k),
    new MigrationsChart(app, k),
    new TestsChart(app, k),
  ];
  const crdsChart = new Cdk8sChart(app, "crds", { disableResourceNameHashes: true });
  for (const crd of [twilioNumberCrd, keyRotationCrd]) {
    const { metadata, ...rest } = crd as unknown as { metadata: { name: string } } & Record<string, unknown>;
    new ApiObject(crdsChart, crd.spec.names.kind, {
      ...(rest as { apiVersion: string; kind: string }),
      // Deleting a CRD deletes every TwilioNumber and KeyRotation: `helm uninstall` leaves CRDs.
      metadata: { ...metadata, annotations: { "helm.sh/resource-policy": "keep" } },
    });
  }
  const pk = new Knobs(platformValues);
  const platform = [
    new PlatformZonesChart(app, pk),
    new PostgresChart(app, pk),
    new GatewayChart(app, pk),
    new AlloyPipelineChart(app, pk),
  ];
  return { app, phoenix, crds: [crdsChart], platform };
}

function templates(charts: readonly Chart[]): Record<string, string> {
  return Object.assign({}, ...charts.map((c) => templatesOf(c, `templates/${c.node.id}`))) as Record<
    string,
    string
  >;
}

function prefixed(chart: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([name, content]) => [`charts/${chart}/${name}`, content]),
  );
}

const envFile = (values: unknown) => generatedHeader + stringify(values, { lineWidth: 0 });

export function synthCharts(): Record<string, string> {
  const { phoenix, crds, platform } = buildApp();
  const meta = { version, appVersion: version };
  return {
    ...prefixed("phoenix", {
      "Chart.yaml": chartYaml({
        ...meta,
        name: "phoenix",
        description: "Phoenix: the operator and the services.",
      }),
      "values.yaml": valuesYaml(phoenixValues),
      "values.schema.json": schemaJson(phoenixValues),
      ...Object.fromEntries(
        Object.entries(environments).map(([env, v]) => [`values-${env}.yaml`, envFile(v)]),
      ),
      "ci/everything-values.yaml": envFile(everything),
      "templates/NOTES.txt": notes,
      ...templates(phoenix),
    }),
    ...prefixed("phoenix-crds", {
      "Chart.yaml": chartYaml({
        ...meta,
        name: "phoenix-crds",
        description: "The phoenix.dev CustomResourceDefinitions (TwilioNumber, KeyRotation).",
      }),
      "values.yaml": valuesYaml({ kind: "group", props: {}, description: "No values.", open: false }),
      "values.schema.json": schemaJson({ kind: "group", props: {}, description: "No values.", open: false }),
      ...templates(crds),
    }),
    ...prefixed("phoenix-platform", {
      "Chart.yaml": chartYaml({
        ...meta,
        name: "phoenix-platform",
        description:
          "Third-party engines for Phoenix (PostgreSQL, Valkey, observability, Gateway), one release per zone.",
        dependencies: platformDependencies,
      }),
      "values.yaml": valuesYaml(platformValues),
      "values.schema.json": schemaJson(platformValues),
      ...Object.fromEntries(
        Object.entries(platformZones).map(([z, v]) => [`ci/${z}-values.yaml`, envFile(v)]),
      ),
      ...templates(platform),
    }),
    ...loadChartFiles(meta),
  };
}
