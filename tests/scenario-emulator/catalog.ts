/**
 * Part of the local Scenario emulator (a TEST FIXTURE and demo aid, never the plugin's endpoint): the models it
 * knows. Public ones form the shared catalog (`GET /models?privacy=public`); the private one is the account's own
 * trained style (`GET /models`), a LoRA on FLUX.1 dev that is never called directly. Costs are emulator values.
 */

export interface EmulatorModelInput {
  name: string;
  type: 'string' | 'number' | 'integer' | 'string[]' | 'number[]' | 'asset';
  required?: boolean;
}

export interface EmulatorModel {
  id: string;
  name: string;
  type: string;
  privacy: 'public' | 'private';
  status: 'trained';
  capabilities: string[];
  inputs: EmulatorModelInput[];
  /** For a trained style (LoRA): the base model it runs on. */
  parentModelId?: string;
  maxPromptLength: number;
  /** Creative units per output image. */
  costPerOutput: number;
  /** How the caption describes images from this model. */
  medium?: string;
}

const common: EmulatorModelInput[] = [
  { name: 'prompt', type: 'string', required: true },
  { name: 'numOutputs', type: 'integer' },
  { name: 'seed', type: 'integer' },
];
const sizing: EmulatorModelInput[] = [
  { name: 'aspectRatio', type: 'string' },
  { name: 'width', type: 'integer' },
  { name: 'height', type: 'integer' },
];
const styleInputs: EmulatorModelInput[] = [
  { name: 'loras', type: 'string[]' },
  { name: 'lorasScale', type: 'number[]' },
  { name: 'modelId', type: 'string' },
];

export const FLUX_1_DEV = 'model_bfl-flux-1-dev';
export const FLUX_2_DEV = 'model_bfl-flux-2-dev';
export const EMULATOR_LORA_ID = 'model_emu-watercolor-editorial';

export const MODELS: readonly EmulatorModel[] = [
  {
    id: FLUX_1_DEV,
    name: 'FLUX.1 [dev]',
    type: 'flux.1',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img'],
    inputs: [
      ...common,
      ...sizing,
      { name: 'negativePrompt', type: 'string' },
      { name: 'guidance', type: 'number' },
      { name: 'numInferenceSteps', type: 'integer' },
      { name: 'image', type: 'asset' },
      { name: 'strength', type: 'number' },
      ...styleInputs,
    ],
    maxPromptLength: 2048,
    costPerOutput: 10.75,
  },
  {
    id: FLUX_2_DEV,
    name: 'FLUX.2 [dev]',
    type: 'flux.2',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img'],
    inputs: [...common, ...sizing, { name: 'guidance', type: 'number' }, { name: 'referenceImages', type: 'string[]' }],
    maxPromptLength: 2048,
    costPerOutput: 14,
  },
  {
    id: 'model_google-gemini-3-1-flash',
    name: 'Gemini 3.1 Flash Image',
    type: 'gemini',
    privacy: 'public',
    status: 'trained',
    capabilities: ['txt2img', 'img2img', 'image-editing'],
    inputs: [...common, { name: 'aspectRatio', type: 'string' }, { name: 'referenceImages', type: 'string[]' }],
    maxPromptLength: 4000,
    costPerOutput: 20,
  },
  {
    id: 'model_photoroom-background-removal',
    name: 'Background removal',
    type: 'photoroom',
    privacy: 'public',
    status: 'trained',
    capabilities: ['remove-background'],
    inputs: [{ name: 'image', type: 'asset', required: true }],
    maxPromptLength: 0,
    costPerOutput: 2,
  },
  {
    id: 'model_scenario-upscale-v3',
    name: 'Scenario Upscale v3',
    type: 'upscale',
    privacy: 'public',
    status: 'trained',
    capabilities: ['upscale'],
    inputs: [{ name: 'image', type: 'asset', required: true }, { name: 'scalingFactor', type: 'integer' }],
    maxPromptLength: 0,
    costPerOutput: 8,
  },
  {
    id: EMULATOR_LORA_ID,
    name: 'Watercolor editorial (trained style)',
    type: 'flux.1-lora',
    privacy: 'private',
    status: 'trained',
    capabilities: ['txt2img'],
    inputs: [],
    parentModelId: FLUX_1_DEV,
    maxPromptLength: 2048,
    costPerOutput: 0,
    medium: 'watercolor illustration',
  },
];

export const findModel = (id: string) => MODELS.find((model) => model.id === id);

/** The public JSON of a model, as `GET /models` and `GET /models/{id}` show it. */
export function modelJson(model: EmulatorModel, createdAt: string) {
  return {
    id: model.id,
    name: model.name,
    type: model.type,
    privacy: model.privacy,
    status: model.status,
    capabilities: model.capabilities,
    inputs: model.inputs.map((input) => ({ ...input })),
    ...(model.parentModelId ? { parentModelId: model.parentModelId } : {}),
    trainingImagesNumber: model.privacy === 'private' ? 18 : 0,
    createdAt,
    updatedAt: createdAt,
  };
}
