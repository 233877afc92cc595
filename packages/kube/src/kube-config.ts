// Where a process finds its cluster: an explicit kubeconfig file, else client-node's default
// order ($KUBECONFIG, ~/.kube/config, then the in-cluster ServiceAccount).
import { KubeConfig } from "@kubernetes/client-node";

export function loadKubeConfig(path?: string): KubeConfig {
  const config = new KubeConfig();
  if (path) config.loadFromFile(path);
  else config.loadFromDefault();
  return config;
}
